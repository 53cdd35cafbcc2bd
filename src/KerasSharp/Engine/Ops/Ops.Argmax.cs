namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// The index of the largest value along an axis, like <c>keras.ops.argmax</c> and NumPy's <c>np.argmax</c>: on
    /// ties the first index, and a NaN counts as the largest (the first NaN wins). The indices are returned as a float
    /// tensor with the axis removed (or kept with size 1); <see cref="ArgmaxIndices"/> gives them as an <c>int[]</c>.
    /// Not differentiable: the result is not recorded on a <see cref="GradientTape"/> and acts there as a constant.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis searched (negative counts from the end); null searches the flattened tensor.</param>
    /// <param name="keepDims">Keep the searched axis with size 1 (with a null axis: a tensor of the input's rank with all sizes 1).</param>
    /// <exception cref="ArgumentException">The searched axis is empty.</exception>
    /// <example><code>var classIds = Ops.Argmax(model.Predict(x));   // np.argmax(model.predict(x), axis=-1), as a tensor</code></example>
    public static Tensor Argmax(Tensor x, int? axis = -1, bool keepDims = false) => ArgExtreme(x, axis, keepDims, largest: true, "argmax");

    /// <summary>
    /// The index of the smallest value along an axis, like <c>keras.ops.argmin</c> and <c>np.argmin</c>: on ties the
    /// first index, and a NaN counts as the smallest (the first NaN wins). Not differentiable, as <see cref="Argmax"/>.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis searched (negative counts from the end); null searches the flattened tensor.</param>
    /// <param name="keepDims">Keep the searched axis with size 1.</param>
    /// <exception cref="ArgumentException">The searched axis is empty.</exception>
    public static Tensor Argmin(Tensor x, int? axis = -1, bool keepDims = false) => ArgExtreme(x, axis, keepDims, largest: false, "argmin");

    /// <summary>
    /// <see cref="Argmax"/> as an <c>int[]</c> in row-major order: the class ids of predictions, for the common
    /// <c>np.argmax(model.predict(x), axis=-1)</c>.
    /// </summary>
    /// <param name="x">The input, e.g. a prediction of shape (samples, classes).</param>
    /// <param name="axis">The axis searched (negative counts from the end); null searches the flattened tensor.</param>
    /// <exception cref="ArgumentException">The searched axis is empty.</exception>
    /// <example><code>int[] predicted = Ops.ArgmaxIndices(model.Predict(xTest));   // one class id per sample</code></example>
    public static int[] ArgmaxIndices(Tensor x, int? axis = -1) => ArgExtremeIndices(x, axis, largest: true, "argmax");

    /// <summary><see cref="Argmin"/> as an <c>int[]</c> in row-major order.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis searched (negative counts from the end); null searches the flattened tensor.</param>
    /// <exception cref="ArgumentException">The searched axis is empty.</exception>
    public static int[] ArgminIndices(Tensor x, int? axis = -1) => ArgExtremeIndices(x, axis, largest: false, "argmin");

    private static Tensor ArgExtreme(Tensor x, int? axis, bool keepDims, bool largest, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        int[] indices = ArgExtremeIndices(x, axis, largest, op);
        var dims = new List<int>(x.Rank);
        int a = axis is int given ? x.Shape.NormalizeAxis(given) : -1;
        for (int i = 0; i < x.Rank; i++)
        {
            if (a < 0 || i == a)
            {
                if (keepDims)
                {
                    dims.Add(1);
                }
                continue;
            }
            dims.Add(x.Shape[i]);
        }
        var y = Tensor.Empty(new Shape([.. dims]));
        var data = y.Data;
        for (int i = 0; i < indices.Length; i++)
        {
            data[i] = indices[i];
        }
        return y;
    }

    private static int[] ArgExtremeIndices(Tensor x, int? axis, bool largest, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, n, inner) = axis is int a ? SplitAxis(x.Shape, x.Shape.NormalizeAxis(a)) : (1, x.Size, 1);
        if (n == 0)
        {
            throw new ArgumentException($"attempt to get {op} of an empty sequence (axis {axis?.ToString() ?? "None"} of a tensor with shape {x.Shape}).", nameof(x));
        }
        var values = x.Span;
        var result = new int[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < inner; j++)
            {
                int start = o * n * inner + j;
                int best = 0;
                float bestValue = values[start];
                for (int i = 1; i < n && !float.IsNaN(bestValue); i++)
                {
                    float v = values[start + i * inner];
                    if (float.IsNaN(v) || (largest ? v > bestValue : v < bestValue))
                    {
                        best = i;
                        bestValue = v;
                    }
                }
                result[o * inner + j] = best;
            }
        }
        return result;
    }
}
