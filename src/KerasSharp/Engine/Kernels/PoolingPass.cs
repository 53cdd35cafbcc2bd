namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Runs <see cref="Pooling"/> over groups of whole images in parallel on the <see cref="WorkerPool"/>. Images never
/// share input or output positions, so the groups are independent and the results do not depend on the split.
/// </summary>
internal static unsafe class PoolingPass
{
    /// <summary>Below this many input values a pooling pass runs on the calling thread alone.</summary>
    private const int ParallelThreshold = 1 << 16;

    /// <summary>Max or average pooling of every output row into <paramref name="y"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, in ConvGeometry g, Span<float> y, bool isMax)
    {
        fixed (float* px = x, py = y)
        {
            var work = new Pass(g, isMax, forward: true) { X = px, Y = py };
            WorkerPool.Run(ref work, Parts(g), GemmOptions.MaxThreads);
        }
    }

    /// <summary>
    /// The input gradient of max (from the input <paramref name="x"/> and output <paramref name="y"/>) or average
    /// pooling; <paramref name="dx"/> is overwritten.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, in ConvGeometry g, Span<float> dx, bool isMax)
    {
        fixed (float* px = x, py = y, pgy = gy, pdx = dx)
        {
            var work = new Pass(g, isMax, forward: false) { X = px, Y = py, Gy = pgy, Dx = pdx };
            WorkerPool.Run(ref work, Parts(g), GemmOptions.MaxThreads);
        }
    }

    private static int Parts(in ConvGeometry g) =>
        g.InputSize < ParallelThreshold ? Math.Min(g.Batch, 1) : Math.Min(g.Batch, GemmOptions.MaxThreads);

    private struct Pass(ConvGeometry g, bool isMax, bool forward) : IPartitionedWork
    {
        public float* X, Y, Gy, Dx;

        /// <summary>Clears the rows and columns of images [first, last) below and right of the last whole window.</summary>
        private readonly void ClearUncovered(Span<float> dx, int first, int last)
        {
            int coveredRows = g.OutHeight * g.KernelHeight, coveredColumns = g.OutWidth * g.KernelWidth;
            int rowLength = g.InWidth * g.Channels;
            for (int n = first; n < last; n++)
            {
                for (int h = 0; h < g.InHeight; h++)
                {
                    var row = dx.Slice(g.PixelOffset(n, h, 0), rowLength);
                    if (h >= coveredRows)
                    {
                        row.Clear();
                    }
                    else if (coveredColumns < g.InWidth)
                    {
                        row[(coveredColumns * g.Channels)..].Clear();
                    }
                }
            }
        }

        public readonly void Run(int part)
        {
            int parts = Parts(g);
            int first = (int)((long)g.Batch * part / parts), last = (int)((long)g.Batch * (part + 1) / parts);
            int rowsPerImage = g.OutHeight * g.OutWidth;
            int imageSize = g.InHeight * g.InWidth * g.Channels;
            int outputSize = g.Rows * g.Channels;
            var x = new ReadOnlySpan<float>(X, g.InputSize);
            var y = new Span<float>(Y, outputSize);
            int rowStart = first * rowsPerImage, rowCount = (last - first) * rowsPerImage;
            if (forward)
            {
                if (isMax)
                {
                    Pooling.MaxForward(x, g, rowStart, rowCount, y);
                }
                else
                {
                    Pooling.AverageForward(x, g, rowStart, rowCount, y);
                }
                return;
            }
            var dx = new Span<float>(Dx, g.InputSize);
            var gy = new ReadOnlySpan<float>(Gy, outputSize);
            if (isMax && Pooling.IsNonOverlapping(g))
            {
                // every window position is written once; only what no window covers is cleared
                ClearUncovered(dx, first, last);
                Pooling.MaxBackwardNonOverlapping(x, y, gy, g, dx, rowStart, rowCount);
                return;
            }
            dx.Slice(first * imageSize, (last - first) * imageSize).Clear();
            if (isMax)
            {
                Pooling.MaxBackward(x, y, gy, g, dx, rowStart, rowCount);
            }
            else
            {
                Pooling.AverageBackward(gy, g, dx, rowStart, rowCount);
            }
        }
    }
}
