using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>What the backward needs besides the inputs and output.</summary>
    private readonly record struct ConvState(ConvGeometry Geometry, int Filters, bool Relu);

    /// <summary>
    /// N-D convolution (cross-correlation), as <c>keras.ops.conv</c> with <c>data_format="channels_last"</c>, for 1D
    /// and 2D inputs, with an optional bias added to every output position.
    /// </summary>
    /// <remarks>
    /// Inputs <c>(batch, steps, inC)</c> with a kernel <c>(k, inC, outC)</c> give <c>(batch, newSteps, outC)</c>;
    /// inputs <c>(batch, height, width, inC)</c> with a kernel <c>(kh, kw, inC, outC)</c> give
    /// <c>(batch, newHeight, newWidth, outC)</c>. Per spatial axis of size <c>n</c>, with the dilated kernel size
    /// <c>dk = d·(k − 1) + 1</c>: <c>"valid"</c> gives <c>floor((n − dk) / s) + 1</c>; <c>"same"</c> (and
    /// <c>"causal"</c>, 1D only, which pads only on the left) gives <c>ceil(n / s)</c>. Like TensorFlow, <c>"same"</c>
    /// pads <c>total / 2</c> before and the rest after, with <c>total = max((out − 1)·s + dk − n, 0)</c>. Computed
    /// as im2col + GEMM; the backward is GEMMs with transpose flags.
    /// </remarks>
    /// <example>
    /// <code>
    /// var y = Ops.Conv(images, kernel, strides: [2, 2], padding: "same");   // (8, 32, 32, 3) * (3, 3, 3, 16) → (8, 16, 16, 16)
    /// </code>
    /// </example>
    /// <param name="inputs">The inputs, rank 3 (1D) or 4 (2D), channels last.</param>
    /// <param name="kernel">The kernel, Keras layout <c>(spatial…, inC, outC)</c>, of the same rank as the inputs.</param>
    /// <param name="strides">Stride per spatial axis (one value for all axes, or one per axis); default 1.</param>
    /// <param name="padding"><c>"valid"</c>, <c>"same"</c>, or for 1D also <c>"causal"</c> (case-insensitive).</param>
    /// <param name="dilationRate">Dilation per spatial axis (one value for all, or one per axis); default 1.</param>
    /// <param name="bias">An optional bias <c>(outC)</c> added to every output position.</param>
    /// <exception cref="ArgumentException">The shapes do not fit, an argument is invalid, or the output would be empty.</exception>
    public static Tensor Conv(Tensor inputs, Tensor kernel, int[]? strides = null, string padding = "valid", int[]? dilationRate = null, Tensor? bias = null) =>
        ConvFused(inputs, kernel, bias, strides, padding, dilationRate, relu: false);

    /// <summary>
    /// <see cref="Conv"/> with the bias and, when <paramref name="relu"/> is set, a ReLU fused into one op: one pass
    /// over the output and one tape node instead of three.
    /// </summary>
    internal static Tensor ConvFused(Tensor inputs, Tensor kernel, Tensor? bias, int[]? strides, string padding, int[]? dilationRate, bool relu)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(padding);
        int spatial = inputs.Rank - 2;
        if (spatial is not (1 or 2))
        {
            throw new ArgumentException($"conv expects inputs of rank 3 (batch, steps, channels) or 4 (batch, height, width, channels), channels last, but received inputs of shape {inputs.Shape}.");
        }
        if (kernel.Rank != inputs.Rank)
        {
            throw new ArgumentException($"Kernel shape must have the same length as input, but received kernel of shape {kernel.Shape} and input of shape {inputs.Shape}.");
        }
        int channels = inputs.Shape[^1], filters = kernel.Shape[^1];
        if (kernel.Shape[^2] != channels)
        {
            throw new ArgumentException($"The kernel's input channels (axis -2 of kernel shape {kernel.Shape}) must equal the inputs' channels (last axis of input shape {inputs.Shape}).");
        }
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != filters))
        {
            throw new ArgumentException($"The bias must have shape ({filters},) to match the kernel's output channels, but received bias of shape {bias.Shape}.");
        }
        var s = SpatialTuple(strides, spatial, "strides");
        var d = SpatialTuple(dilationRate, spatial, "dilation_rate");
        string pad = StandardizePadding(padding, allowCausal: spatial == 1);
        bool oneD = spatial == 1;
        int batch = inputs.Shape[0];
        int inH = oneD ? 1 : inputs.Shape[1], inW = inputs.Shape[spatial];
        int kh = oneD ? 1 : kernel.Shape[0], kw = kernel.Shape[spatial - 1];
        int sh = oneD ? 1 : s[0], sw = s[spatial - 1], dh = oneD ? 1 : d[0], dw = d[spatial - 1];
        var (outH, padTop) = oneD ? (1, 0) : ConvWindow(inH, kh, sh, dh, pad);
        var (outW, padLeft) = ConvWindow(inW, kw, sw, dw, pad);
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException(
                $"Computed output size would be zero or negative. Received `inputs shape={inputs.Shape}`, `kernel shape={kernel.Shape}`, " +
                $"`dilation_rate={FormatTuple(d)}`, `strides={FormatTuple(s)}`, `padding={pad}`.");
        }
        var geometry = new ConvGeometry(batch, inH, inW, channels, kh, kw, sh, sw, dh, dw, padTop, padLeft, outH, outW);
        var x4 = oneD ? Reshape(inputs, new Shape(batch, 1, inW, channels)) : inputs;
        var w4 = oneD ? Reshape(kernel, new Shape(1, kw, channels, filters)) : kernel;
        var y = Conv2DCore(x4, w4, bias, geometry, filters, relu);
        return oneD ? Reshape(y, new Shape(batch, outW, filters)) : y;
    }

    private static Tensor Conv2DCore(Tensor x, Tensor w, Tensor? bias, in ConvGeometry g, int filters, bool relu)
    {
        var y = Tensor.Empty(new Shape(g.Batch, g.OutHeight, g.OutWidth, filters));
        Convolution.Forward(x.Span, w.Span, bias is null ? default : bias.Span, g, filters, relu, y.Data);
        var state = new ConvState(g, filters, relu);
        if (bias is null)
        {
            GradientTape.RecordOp(y, [x, w], static (gy, node) => ConvBackward(gy, node), state);
        }
        else
        {
            GradientTape.RecordOp(y, [x, w, bias], static (gy, node) => ConvBackward(gy, node), state);
        }
        return y;
    }

    private static InputGradients ConvBackward(Tensor gy, TapeNode node)
    {
        var st = node.GetState<ConvState>();
        var result = new InputGradients(node.InputCount);
        var dx = node.NeedsGradient(0) ? Tensor.Empty(node.A.Shape) : null;
        var dw = node.NeedsGradient(1) ? Tensor.Empty(node.B.Shape) : null;
        var db = result.Count == 3 && node.NeedsGradient(2) ? Tensor.Empty(node.Input(2).Shape) : null;
        int partials = dw is null && db is null ? 0 : Convolution.PartialsLength(st.Geometry, st.Filters);
        var scratch = partials == 0 ? null : Tensor.Empty(new Shape(partials));
        Convolution.Backward(node.A.Span, node.B.Span, node.Output.Span, gy.Span, st.Geometry, st.Filters, st.Relu,
            dx is null ? default : dx.Data, dw is null ? default : dw.Data, db is null ? default : db.Data,
            scratch is null ? default : scratch.Data);
        result[0] = dx;
        result[1] = dw;
        if (result.Count == 3)
        {
            result[2] = db;
        }
        return result;
    }

    /// <summary>
    /// Output length and padding before, for one spatial axis of size <paramref name="n"/> (TensorFlow's rules):
    /// valid <c>floor((n − dk)/s) + 1</c> (≤ 0 when the dilated kernel <c>dk</c> is larger than <c>n</c>), same
    /// <c>ceil(n/s)</c> with <c>total/2</c> padding before, causal <c>ceil(n/s)</c> with <c>dk − 1</c> before.
    /// </summary>
    /// <remarks>Computed in 64 bits, so large strides, kernels or dilations cannot overflow.</remarks>
    internal static (int Output, int PadBefore) ConvWindow(int n, int kernel, int stride, int dilation, string padding)
    {
        long dk = (long)dilation * (kernel - 1) + 1;
        switch (padding)
        {
            case "valid":
                return (n >= dk ? (int)((n - dk) / stride + 1) : 0, 0);
            case "causal":
                return (CeilDiv(n, stride), PadBefore(dk - 1, n, kernel, dilation));
            default:
                int output = CeilDiv(n, stride);
                long total = Math.Max((long)(output - 1) * stride + dk - n, 0);
                return (output, PadBefore(total / 2, n, kernel, dilation));
        }
    }

    private static int CeilDiv(int n, int stride) => (int)(((long)n + stride - 1) / stride);

    private static int PadBefore(long pad, int n, int kernel, int dilation) => pad <= int.MaxValue
        ? (int)pad
        : throw new ArgumentException(
            $"{LayerContext.Cannot()} pad an axis of size {n} for a kernel of size {kernel} with dilation {dilation}: the padding of {pad} is more than the largest dimension a tensor can have ({int.MaxValue}).");

    /// <summary>Keras' <c>standardize_padding</c>: lower-cased, one of valid/same (and causal when allowed).</summary>
    internal static string StandardizePadding(string padding, bool allowCausal)
    {
        string p = padding.ToLowerInvariant();
        if (p is "valid" or "same" || (allowCausal && p == "causal"))
        {
            return p;
        }
        string allowed = allowCausal ? "{'valid', 'same', 'causal'}" : "{'valid', 'same'}";
        throw new ArgumentException($"The `padding` argument must be a list/tuple or one of {allowed}. Received: {padding}", nameof(padding));
    }

    private static readonly int[][] s_ones = [[], [1], [1, 1]];

    /// <summary>
    /// One value per spatial axis from null (all 1), one value, or one per axis; every value must be positive. A
    /// valid array with one value per axis is returned as it is (callers only read it).
    /// </summary>
    internal static int[] SpatialTuple(int[]? values, int rank, string name)
    {
        if (values is null)
        {
            return rank < s_ones.Length ? s_ones[rank] : Enumerable.Repeat(1, rank).ToArray();
        }
        if (values.Length != 1 && values.Length != rank)
        {
            throw new ArgumentException($"The `{name}` argument must be a tuple of {rank} integers. Received {name}={FormatTuple(values)}");
        }
        var result = values.Length == rank ? values : Enumerable.Repeat(values[0], rank).ToArray();
        if (result.AsSpan().IndexOfAnyInRange(int.MinValue, 0) >= 0)
        {
            throw new ArgumentException(
                $"The `{name}` argument must be a tuple of {rank} integers. Received {name}={FormatTuple(result)}, " +
                $"including values {{{string.Join(", ", result.Where(v => v <= 0).Distinct())}}} that do not satisfy `value > 0`");
        }
        return result;
    }

    /// <summary>A Python tuple literal: <c>(2, 2)</c>, <c>(3,)</c>.</summary>
    internal static string FormatTuple(ReadOnlySpan<int> values) =>
        "(" + string.Join(", ", values.ToArray()) + (values.Length == 1 ? ",)" : ")");
}
