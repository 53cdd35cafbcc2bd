using System.Globalization;
using KerasSharp.Engine;

namespace KerasSharp;

public static partial class Keras
{
    public static partial class Utils
    {
        /// <summary>
        /// One-hot encodes integer class ids, like <c>keras.utils.to_categorical</c>: labels of any shape become a
        /// float tensor with a trailing class axis (shape <c>labels.shape + (numClasses,)</c>), holding 1 at each
        /// label's class and 0 elsewhere. A trailing axis of size 1 is dropped first, as Keras does, so labels of shape
        /// (n, 1) give (n, numClasses). The result is data, not recorded on a gradient tape.
        /// </summary>
        /// <param name="y">Class ids from 0 to <c>numClasses - 1</c>, stored as floats (integral values).</param>
        /// <param name="numClasses">The number of classes; null infers it as the largest id plus one.</param>
        /// <returns>The one-hot tensor.</returns>
        /// <exception cref="ArgumentException">
        /// A label is negative, not an integer, or not below <paramref name="numClasses"/>; or the labels are empty and
        /// <paramref name="numClasses"/> is null.
        /// </exception>
        /// <example>
        /// <code>
        /// var yTrain = Keras.Utils.ToCategorical(labels, numClasses: 10);   // keras.utils.to_categorical(labels, 10)
        /// </code>
        /// </example>
        public static Tensor ToCategorical(Tensor y, int? numClasses = null)
        {
            ArgumentNullException.ThrowIfNull(y);
            var values = y.Span;
            var ids = new int[values.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                float v = values[i];
                if (!(v >= 0) || v != MathF.Floor(v) || v > int.MaxValue)
                {
                    throw new ArgumentException(
                        $"to_categorical expects integer class ids from 0 to numClasses - 1, but the label at flat position {i} is {v.ToString("R", CultureInfo.InvariantCulture)}.",
                        nameof(y));
                }
                ids[i] = (int)v;
            }
            return OneHot(ids, y.Shape.Dims, numClasses, nameof(y));
        }

        /// <summary>One-hot encodes a vector of class ids (see <see cref="ToCategorical(Tensor, int?)"/>): shape (n, numClasses).</summary>
        /// <param name="y">Class ids from 0 to <c>numClasses - 1</c>.</param>
        /// <param name="numClasses">The number of classes; null infers it as the largest id plus one.</param>
        /// <returns>The one-hot tensor.</returns>
        /// <exception cref="ArgumentException">A label is negative or not below <paramref name="numClasses"/>.</exception>
        /// <example><code>var y = Keras.Utils.ToCategorical([0, 2, 1], numClasses: 3);   // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]</code></example>
        public static Tensor ToCategorical(int[] y, int? numClasses = null)
        {
            ArgumentNullException.ThrowIfNull(y);
            for (int i = 0; i < y.Length; i++)
            {
                if (y[i] < 0)
                {
                    throw new ArgumentException($"to_categorical expects class ids from 0 to numClasses - 1, but the label at position {i} is {y[i]}.", nameof(y));
                }
            }
            return OneHot(y, [y.Length], numClasses, nameof(y));
        }

        /// <summary>One-hot encodes a vector of class ids stored as floats (see <see cref="ToCategorical(Tensor, int?)"/>).</summary>
        /// <param name="y">Class ids from 0 to <c>numClasses - 1</c> (integral values).</param>
        /// <param name="numClasses">The number of classes; null infers it as the largest id plus one.</param>
        /// <returns>The one-hot tensor, shape (n, numClasses).</returns>
        /// <exception cref="ArgumentException">A label is negative, not an integer, or not below <paramref name="numClasses"/>.</exception>
        public static Tensor ToCategorical(float[] y, int? numClasses = null)
        {
            ArgumentNullException.ThrowIfNull(y);
            return ToCategorical(Tensor.FromArray(y), numClasses);
        }

        private static Tensor OneHot(int[] ids, ReadOnlySpan<int> labelShape, int? numClasses, string paramName)
        {
            if (numClasses is int given && given < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(numClasses), given, $"to_categorical needs numClasses >= 1, received numClasses={given}.");
            }
            if (numClasses is null && ids.Length == 0)
            {
                throw new ArgumentException("to_categorical cannot infer numClasses from empty labels; pass numClasses.", paramName);
            }
            int classes = numClasses ?? ids.Max() + 1;
            if (labelShape.Length > 1 && labelShape[^1] == 1)
            {
                labelShape = labelShape[..^1];
            }
            var result = Tensor.Zeros(new Shape([.. labelShape, classes]));
            var data = result.Data;
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] >= classes)
                {
                    throw new ArgumentException($"to_categorical: index {ids[i]} is out of bounds for axis 1 with size {classes} (the label at flat position {i}).", paramName);
                }
                data[i * classes + ids[i]] = 1;
            }
            return result;
        }
    }
}
