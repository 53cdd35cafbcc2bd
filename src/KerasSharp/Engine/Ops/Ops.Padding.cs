using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// Pads a tensor with a constant, as <c>keras.ops.pad(x, pad_width, mode="constant")</c>. The gradient is the
    /// gradient of the output cropped back to the input's window.
    /// </summary>
    /// <remarks>Input shape <c>(d₀, …)</c>; output shape <c>(d₀ + before₀ + after₀, …)</c>.</remarks>
    /// <example>
    /// <code>
    /// var y = Ops.Pad(images, [(0, 0), (1, 1), (2, 2), (0, 0)]);   // (8, 28, 28, 3) → (8, 30, 32, 3)
    /// </code>
    /// </example>
    /// <param name="x">The input.</param>
    /// <param name="padWidth">One <c>(before, after)</c> pair of non-negative counts per axis.</param>
    /// <param name="constantValues">The padding value.</param>
    /// <exception cref="ArgumentException">There is not one pair per axis, or a count is negative.</exception>
    public static Tensor Pad(Tensor x, (int Before, int After)[] padWidth, float constantValues = 0f)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(padWidth);
        string received = "[" + string.Join(", ", padWidth.Select(p => $"({p.Before}, {p.After})")) + "]";
        if (padWidth.Length != x.Rank)
        {
            throw new ArgumentException($"`pad_width` must have one (before, after) pair per axis of the input: expected {x.Rank} pairs for input of shape {x.Shape}. Received: pad_width={received}", nameof(padWidth));
        }
        var before = new int[x.Rank];
        var outDims = new int[x.Rank];
        for (int a = 0; a < x.Rank; a++)
        {
            if (padWidth[a].Before < 0 || padWidth[a].After < 0)
            {
                throw new ArgumentException($"`pad_width` values must be non-negative. Received: pad_width={received}", nameof(padWidth));
            }
            before[a] = padWidth[a].Before;
            outDims[a] = x.Shape[a] + padWidth[a].Before + padWidth[a].After;
        }
        var outShape = Shape.Wrap(outDims);
        var y = constantValues == 0f ? Tensor.Zeros(outShape) : Tensor.Full(outShape, constantValues);
        Padding.Embed(x.Span, x.Shape.Dims, before, y.Data, outShape.Dims);
        GradientTape.RecordOp(y, x, static (g, node) =>
        {
            var dx = Tensor.Empty(node.A.Shape);
            Padding.Crop(g.Span, g.Shape.Dims, node.GetState<int[]>(), dx.Data, node.A.Shape.Dims);
            return [dx];
        }, before);
        return y;
    }
}
