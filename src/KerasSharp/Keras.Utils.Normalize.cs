using KerasSharp.Engine;

namespace KerasSharp;

public static partial class Keras
{
    public static partial class Utils
    {
        /// <summary>
        /// Divides <paramref name="x"/> by its norm along an axis, like <c>keras.utils.normalize</c> (NumPy's
        /// <c>np.linalg.norm</c> of that order): order 2 is the Euclidean norm, 1 the sum of absolute values,
        /// <see cref="double.PositiveInfinity"/> the largest absolute value, <see cref="double.NegativeInfinity"/> the
        /// smallest, 0 the count of non-zero values, any other p <c>(Σ|x|^p)^(1/p)</c>. A zero norm is taken as 1, so
        /// all-zero slices stay zero. The norms are summed in double precision. The result is a new tensor of the same
        /// shape, not recorded on a gradient tape.
        /// </summary>
        /// <param name="x">The values.</param>
        /// <param name="axis">The axis along which to normalize (negative counts from the end).</param>
        /// <param name="order">The order of the norm.</param>
        /// <returns>The normalized copy.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The axis is out of range, or the order is NaN.</exception>
        /// <example><code>var unit = Keras.Utils.Normalize(embeddings);   // keras.utils.normalize(embeddings): each row of L2 norm 1</code></example>
        public static Tensor Normalize(Tensor x, int axis = -1, double order = 2)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (double.IsNaN(order))
            {
                throw new ArgumentOutOfRangeException(nameof(order), order, "normalize needs a norm order, received NaN.");
            }
            int a = x.Shape.NormalizeAxis(axis);
            int outer = 1, n = x.Shape[a], inner = 1;
            for (int i = 0; i < a; i++)
            {
                outer *= x.Shape[i];
            }
            for (int i = a + 1; i < x.Rank; i++)
            {
                inner *= x.Shape[i];
            }
            var values = x.Span;
            var result = Tensor.Zeros(x.Shape);
            var data = result.Data;
            for (int o = 0; o < outer; o++)
            {
                for (int j = 0; j < inner; j++)
                {
                    int start = o * n * inner + j;
                    double norm = Norm(values, start, n, inner, order);
                    float divisor = norm == 0 ? 1f : (float)norm;
                    for (int i = 0; i < n; i++)
                    {
                        data[start + i * inner] = values[start + i * inner] / divisor;
                    }
                }
            }
            return result;
        }

        private static double Norm(ReadOnlySpan<float> values, int start, int n, int stride, double order)
        {
            double acc = double.IsPositiveInfinity(order) ? 0 : double.IsNegativeInfinity(order) ? double.PositiveInfinity : 0;
            for (int i = 0; i < n; i++)
            {
                double v = Math.Abs(values[start + i * stride]);
                acc = order switch
                {
                    double.PositiveInfinity => Math.Max(acc, v),
                    double.NegativeInfinity => Math.Min(acc, v),
                    0 => acc + (v != 0 ? 1 : 0),
                    1 => acc + v,
                    2 => acc + v * v,
                    _ => acc + Math.Pow(v, order),
                };
            }
            return order switch
            {
                double.PositiveInfinity or double.NegativeInfinity or 0 or 1 => n == 0 && double.IsNegativeInfinity(order) ? 0 : acc,
                2 => Math.Sqrt(acc),
                _ => Math.Pow(acc, 1 / order),
            };
        }
    }
}
