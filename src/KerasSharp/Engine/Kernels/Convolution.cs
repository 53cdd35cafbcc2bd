using System.Runtime.CompilerServices;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// 2D convolution on NHWC tensors as im2col + GEMM, with a Keras kernel <c>(kh, kw, inC, outC)</c> used directly as the
/// <c>(kh·kw·inC, outC)</c> matrix. The batch is split into groups of whole images that run in parallel on the
/// <see cref="WorkerPool"/>; each group walks its output rows in blocks whose column matrix (about 1 MB) stays in
/// cache while it is packed, multiplied and (in the backward) multiplied again. A pointwise convolution (1×1, stride
/// 1, no padding) skips im2col: the input already is the column matrix; a small patch (a first layer on grayscale or
/// RGB images) is computed straight from the input by <see cref="DirectConvolution"/>. Each thread packs its blocks
/// into its <see cref="ConvolutionScratch"/>.
/// </summary>
/// <remarks>
/// The forward and the input gradient compute every value the same way whatever the grouping. The kernel and bias
/// gradients are sums over the batch: each group sums its own rows, then the groups' sums are added in group order.
/// The groups depend only on the geometry, never on the number of threads, so results are bitwise reproducible.
/// </remarks>
internal static unsafe class Convolution
{
    /// <summary>Target size of one block of the column matrix, in floats (1 MB): it fits in a core's L2 cache.</summary>
    private const int BlockFloats = 1 << 18;

    /// <summary>Output rows of one image.</summary>
    private static int RowsPerImage(in ConvGeometry g) => g.OutHeight * g.OutWidth;

    /// <summary>Images per group: about as many as fill one block (at least one), spread evenly over the groups.</summary>
    private static int ImagesPerGroup(in ConvGeometry g)
    {
        long perImage = (long)RowsPerImage(g) * Math.Max(g.PatchSize, 1);
        int batch = Math.Max(g.Batch, 1);
        int most = (int)Math.Clamp(BlockFloats / Math.Max(perImage, 1), 1, batch);
        int groups = (batch + most - 1) / most;
        return (batch + groups - 1) / groups;
    }

    /// <summary>Number of image groups (the parallel parts); depends only on the geometry.</summary>
    public static int Groups(in ConvGeometry g) => g.Batch == 0 ? 0 : (g.Batch + ImagesPerGroup(g) - 1) / ImagesPerGroup(g);

    /// <summary>
    /// Scratch floats <see cref="Backward"/> needs for the groups' partial kernel and bias gradients (0 with one group).
    /// </summary>
    public static int PartialsLength(in ConvGeometry g, int filters)
    {
        int groups = Groups(g);
        return groups <= 1 ? 0 : groups * (g.PatchSize * filters + filters);
    }

    /// <summary><c>y = act(conv(x, w) + bias)</c> with <paramref name="y"/> of shape <c>(rows, filters)</c>; an empty bias adds nothing.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, in ConvGeometry g, int filters, bool relu,
        Span<float> y)
    {
        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            var work = new Pass(g, filters, relu)
            {
                X = px, W = pw, Bias = pb, HasBias = !bias.IsEmpty, Y = py,
            };
            RunGroups(ref work, g, forward: true);
        }
    }

    /// <summary>
    /// The gradients of a convolution whose output (after the optional ReLU) was <paramref name="y"/>, given the output
    /// gradient <paramref name="dy"/>. Pass an empty span for a gradient that is not needed. <paramref name="dx"/> is
    /// overwritten, <paramref name="dw"/> and <paramref name="db"/> too. <paramref name="partials"/> must hold
    /// <see cref="PartialsLength"/> floats.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, in ConvGeometry g,
        int filters, bool relu, Span<float> dx, Span<float> dw, Span<float> db, Span<float> partials)
    {
        int groups = Groups(g);
        int kernelLength = g.PatchSize * filters;
        if (groups == 0)
        {
            dx.Clear();
            dw.Clear();
            db.Clear();
            return;
        }
        if (groups > 1 && (!dw.IsEmpty || !db.IsEmpty) && partials.Length < PartialsLength(g, filters))
        {
            throw new ArgumentException($"Convolution.Backward needs {PartialsLength(g, filters)} floats of partials, but received {partials.Length}.", nameof(partials));
        }
        fixed (float* px = x, pw = w, py = y, pdy = dy, pdx = dx, pdw = dw, pdb = db, pp = partials)
        {
            var work = new Pass(g, filters, relu)
            {
                X = px, W = pw, Y = py, Dy = pdy,
                Dx = dx.IsEmpty ? null : pdx,
                // one group writes its sums straight into dw and db; several write partials, added below
                Dw = dw.IsEmpty ? null : groups == 1 ? pdw : pp,
                Db = db.IsEmpty ? null : groups == 1 ? pdb : pp + groups * kernelLength,
                PartialStride = groups == 1 ? 0 : 1,
            };
            RunGroups(ref work, g, forward: false);
        }
        if (groups > 1)
        {
            SumPartials(partials, groups, kernelLength, dw);
            SumPartials(partials[(groups * kernelLength)..], groups, filters, db);
        }
    }

    private static void SumPartials(ReadOnlySpan<float> partials, int groups, int length, Span<float> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }
        partials[..length].CopyTo(destination);
        for (int p = 1; p < groups; p++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(destination, partials.Slice(p * length, length), destination);
        }
    }

    private static void RunGroups(ref Pass work, in ConvGeometry g, bool forward)
    {
        work.Forward = forward;
        work.ImagesPerGroup = ImagesPerGroup(g);
        WorkerPool.Run(ref work, Groups(g), GemmOptions.MaxThreads);
    }

    /// <summary>One group of images of a forward or backward pass (a part for the worker pool).</summary>
    private struct Pass(ConvGeometry g, int filters, bool relu) : IPartitionedWork
    {
        public float* X, W, Bias, Y, Dy, Dx, Dw, Db;
        public bool HasBias, Forward;
        public int ImagesPerGroup, PartialStride;

        public readonly void Run(int part)
        {
            int first = part * ImagesPerGroup;
            int images = Math.Min(ImagesPerGroup, g.Batch - first);
            int rowsPerImage = RowsPerImage(g);
            int rowStart = first * rowsPerImage, rowEnd = (first + images) * rowsPerImage;
            int patch = g.PatchSize;
            // a block of rows: its column matrix (rows × patch) and its gradient (rows × filters) each fit the budget
            int blockRows = Math.Max(1, BlockFloats / Math.Max(Math.Max(patch, filters), 1));
            if (Forward)
            {
                RunForward(rowStart, rowEnd, blockRows);
            }
            else
            {
                RunBackward(part, first, images, rowStart, rowEnd, blockRows);
            }
            ConvolutionScratch.ReleaseOversized();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void RunForward(int rowStart, int rowEnd, int blockRows)
        {
            int patch = g.PatchSize;
            var x = new ReadOnlySpan<float>(X, g.InputSize);
            var w = new ReadOnlySpan<float>(W, patch * filters);
            var bias = HasBias ? new ReadOnlySpan<float>(Bias, filters) : default;
            bool direct = DirectConvolution.Applies(g, filters);
            for (int r0 = rowStart; r0 < rowEnd; r0 += blockRows)
            {
                int count = Math.Min(blockRows, rowEnd - r0);
                var y = new Span<float>(Y + (long)r0 * filters, count * filters);
                if (direct)
                {
                    DirectConvolution.Forward(X, W, g, filters, Y, r0, count);
                }
                else
                {
                    Gemm.Multiply(Columns(x, r0, count), w, y, count, filters, patch);
                }
                BiasActivation.Forward(y, bias, filters, relu);
            }
        }

        /// <summary>Rows <c>[r0, r0 + count)</c> of the column matrix: the input itself when pointwise, else packed into scratch.</summary>
        private readonly ReadOnlySpan<float> Columns(ReadOnlySpan<float> x, int r0, int count)
        {
            int patch = g.PatchSize;
            if (g.IsPointwise)
            {
                return x.Slice(r0 * patch, count * patch);
            }
            var c = ConvolutionScratch.Columns(count * patch);
            Im2Col.Pack(x, g, r0, count, c);
            return c;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void RunBackward(int part, int first, int images, int rowStart, int rowEnd, int blockRows)
        {
            int patch = g.PatchSize;
            int imageSize = g.InHeight * g.InWidth * g.Channels;
            var x = new ReadOnlySpan<float>(X, g.InputSize);
            var w = new ReadOnlySpan<float>(W, patch * filters);
            var dw = Dw is null ? default : new Span<float>(Dw + (long)part * PartialStride * patch * filters, patch * filters);
            var db = Db is null ? default : new Span<float>(Db + (long)part * PartialStride * filters, filters);
            var dx = Dx is null ? default : new Span<float>(Dx, g.InputSize);
            if (Dx is not null)
            {
                dx.Slice(first * imageSize, images * imageSize).Clear();
            }
            db.Clear();
            bool direct = DirectConvolution.Applies(g, filters);
            if (direct)
            {
                dw.Clear();
            }
            if (direct && Dx is null && Dw is not null)
            {
                // no input gradient: the kernel and bias gradients take the ReLU mask on the fly in one pass
                DirectConvolution.Gradients(X, relu ? Y : null, Dy, g, filters, Dw + (long)part * PartialStride * patch * filters,
                    Db is null ? null : Db + (long)part * PartialStride * filters, rowStart, rowEnd - rowStart);
                return;
            }
            for (int r0 = rowStart; r0 < rowEnd; r0 += blockRows)
            {
                int count = Math.Min(blockRows, rowEnd - r0);
                ReadOnlySpan<float> dz = new ReadOnlySpan<float>(Dy + (long)r0 * filters, count * filters);
                if (relu)
                {
                    var masked = ConvolutionScratch.Gradient(count * filters);
                    BiasActivation.ReluBackward(new ReadOnlySpan<float>(Y + (long)r0 * filters, count * filters), dz, masked);
                    dz = masked;
                }
                if (Db is not null)
                {
                    BiasActivation.AccumulateColumnSums(dz, filters, db);
                }
                if (Dw is not null && direct)
                {
                    fixed (float* pdz = dz, pdw = dw)
                    {
                        // the masked block's row r0 is its first: index it as if it started at row 0
                        DirectConvolution.Gradients(X, null, pdz - (nint)r0 * filters, g, filters, pdw, null, r0, count);
                    }
                }
                else if (Dw is not null)
                {
                    Gemm.Multiply(Columns(x, r0, count), dz, dw, patch, filters, count, transposeA: true, accumulate: r0 > rowStart);
                }
                if (Dx is not null)
                {
                    if (g.IsPointwise)
                    {
                        Gemm.Multiply(dz, w, dx.Slice(r0 * patch, count * patch), count, patch, filters, transposeB: true);
                    }
                    else
                    {
                        var c = ConvolutionScratch.Columns(count * patch);
                        Gemm.Multiply(dz, w, c, count, patch, filters, transposeB: true);
                        Im2Col.Accumulate(c, g, r0, count, dx);
                    }
                }
            }
        }
    }
}
