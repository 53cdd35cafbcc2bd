using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    private readonly record struct PoolState(ConvGeometry Geometry, bool IsMax);

    /// <summary>
    /// Max pooling, as <c>keras.ops.max_pool</c> with <c>data_format="channels_last"</c>, for 1D and 2D inputs. The
    /// gradient of each window goes to its first maximum (row-major scan), as in TensorFlow.
    /// </summary>
    /// <remarks>
    /// Inputs <c>(batch, steps, channels)</c> or <c>(batch, height, width, channels)</c>; the output keeps the rank
    /// and channels. Per spatial axis of size <c>n</c>: <c>"valid"</c> gives <c>floor((n − pool) / stride) + 1</c>,
    /// <c>"same"</c> gives <c>ceil(n / stride)</c> with TensorFlow's padding split (padding never wins the max).
    /// </remarks>
    /// <example>
    /// <code>
    /// var y = Ops.MaxPool(images, [2, 2]);   // (8, 28, 28, 32) → (8, 14, 14, 32)
    /// </code>
    /// </example>
    /// <param name="inputs">The inputs, rank 3 (1D) or 4 (2D), channels last.</param>
    /// <param name="poolSize">Window size per spatial axis (one value for all axes, or one per axis).</param>
    /// <param name="strides">Stride per spatial axis; null means <paramref name="poolSize"/>.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c> (case-insensitive).</param>
    /// <exception cref="ArgumentException">An argument is invalid or the output would be empty.</exception>
    public static Tensor MaxPool(Tensor inputs, int[] poolSize, int[]? strides = null, string padding = "valid") =>
        Pool(inputs, poolSize, strides, padding, isMax: true);

    /// <summary>
    /// Average pooling, as <c>keras.ops.average_pool</c> with <c>data_format="channels_last"</c>, for 1D and 2D
    /// inputs. With <c>"same"</c> padding, padded positions are left out of the average (TensorFlow's behaviour).
    /// </summary>
    /// <remarks>Shapes as for <see cref="MaxPool"/>.</remarks>
    /// <example>
    /// <code>
    /// var y = Ops.AveragePool(sequence, [3], strides: [1], padding: "same");   // (8, 100, 16) → (8, 100, 16)
    /// </code>
    /// </example>
    /// <param name="inputs">The inputs, rank 3 (1D) or 4 (2D), channels last.</param>
    /// <param name="poolSize">Window size per spatial axis (one value for all axes, or one per axis).</param>
    /// <param name="strides">Stride per spatial axis; null means <paramref name="poolSize"/>.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c> (case-insensitive).</param>
    /// <exception cref="ArgumentException">An argument is invalid or the output would be empty.</exception>
    public static Tensor AveragePool(Tensor inputs, int[] poolSize, int[]? strides = null, string padding = "valid") =>
        Pool(inputs, poolSize, strides, padding, isMax: false);

    private static Tensor Pool(Tensor inputs, int[] poolSize, int[]? strides, string padding, bool isMax)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(poolSize);
        ArgumentNullException.ThrowIfNull(padding);
        int spatial = inputs.Rank - 2;
        if (spatial is not (1 or 2))
        {
            throw new ArgumentException($"{(isMax ? "max_pool" : "average_pool")} expects inputs of rank 3 (batch, steps, channels) or 4 (batch, height, width, channels), channels last, but received inputs of shape {inputs.Shape}.");
        }
        var p = SpatialTuple(poolSize, spatial, "pool_size");
        var s = SpatialTuple(strides ?? p, spatial, "strides");
        string pad = StandardizePadding(padding, allowCausal: false);
        bool oneD = spatial == 1;
        int batch = inputs.Shape[0], channels = inputs.Shape[^1];
        int inH = oneD ? 1 : inputs.Shape[1], inW = inputs.Shape[spatial];
        int ph = oneD ? 1 : p[0], pw = p[spatial - 1], sh = oneD ? 1 : s[0], sw = s[spatial - 1];
        var (outH, padTop) = oneD ? (1, 0) : ConvWindow(inH, ph, sh, 1, pad);
        var (outW, padLeft) = ConvWindow(inW, pw, sw, 1, pad);
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException(
                $"Computed output size would be zero or negative. Received: `inputs.shape={inputs.Shape}`, `pool_size={FormatTuple(p)}`, " +
                $"`strides={FormatTuple(s)}`, `padding={pad}`.");
        }
        var g = new ConvGeometry(batch, inH, inW, channels, ph, pw, sh, sw, 1, 1, padTop, padLeft, outH, outW);
        var y = Tensor.Empty(oneD ? new Shape(batch, outW, channels) : new Shape(batch, outH, outW, channels));
        PoolingPass.Forward(inputs.Span, g, y.Data, isMax);
        GradientTape.RecordOp(y, inputs, static (gy, node) =>
        {
            var st = node.GetState<PoolState>();
            var dx = Tensor.Empty(node.A.Shape);
            PoolingPass.Backward(node.A.Span, node.Output.Span, gy.Span, st.Geometry, dx.Data, st.IsMax);
            return [dx];
        }, new PoolState(g, isMax));
        return y;
    }
}
