using KerasSharp.Engine;

namespace KerasSharp;

public static partial class Keras
{
    public static partial class Utils
    {
        /// <summary>
        /// Pads (or truncates) sequences of different lengths to one length, like Keras'
        /// <c>keras.utils.pad_sequences(sequences, maxlen=None, padding="pre", truncating="pre", value=0.0)</c>: the
        /// usual step between <c>Imdb.LoadData()</c> or <c>Reuters.LoadData()</c> and an <c>Embedding</c> layer.
        /// </summary>
        /// <param name="sequences">The sequences, e.g. of word indices.</param>
        /// <param name="maxlen">The length of every row; null pads to the longest sequence.</param>
        /// <param name="padding"><c>"pre"</c> puts the padding before each sequence, <c>"post"</c> after it.</param>
        /// <param name="truncating"><c>"pre"</c> drops the first values of a longer sequence, <c>"post"</c> its last values.</param>
        /// <param name="value">The padding value.</param>
        /// <returns>A float32 tensor of shape (sequence count, maxlen). Keras returns <c>int32</c> by default; the
        /// engine's tensors are float32, which hold integers exactly up to 2**24.</returns>
        /// <example>
        /// <code>
        /// Tensor x = Keras.Utils.PadSequences([[1], [2, 3], [4, 5, 6]]);
        /// // [[0, 0, 1], [0, 2, 3], [4, 5, 6]], like keras.utils.pad_sequences([[1], [2, 3], [4, 5, 6]])
        /// </code>
        /// </example>
        /// <exception cref="ArgumentException"><paramref name="padding"/> or <paramref name="truncating"/> is not
        /// <c>"pre"</c> or <c>"post"</c>, <paramref name="maxlen"/> is negative, or a sequence is null.</exception>
        public static Tensor PadSequences(IReadOnlyList<int[]> sequences, int? maxlen = null, string padding = "pre",
            string truncating = "pre", double value = 0.0)
        {
            ArgumentNullException.ThrowIfNull(sequences);
            if (truncating is not ("pre" or "post"))
            {
                throw new ArgumentException($"Truncating type \"{truncating}\" not understood", nameof(truncating));
            }

            if (padding is not ("pre" or "post"))
            {
                throw new ArgumentException($"Padding type \"{padding}\" not understood", nameof(padding));
            }

            int length = maxlen ?? 0;
            for (int i = 0; i < sequences.Count; i++)
            {
                if (sequences[i] is null)
                {
                    throw new ArgumentException($"`sequences` must be a list of iterables. Found non-iterable: None at position {i}", nameof(sequences));
                }

                if (maxlen is null)
                {
                    length = Math.Max(length, sequences[i].Length);
                }
            }

            ArgumentOutOfRangeException.ThrowIfNegative(length, nameof(maxlen));
            var buffer = new float[sequences.Count * length];
            Array.Fill(buffer, (float)value);
            for (int i = 0; i < sequences.Count; i++)
            {
                ReadOnlySpan<int> s = sequences[i];
                if (s.Length > length)
                {
                    s = truncating == "pre" ? s[^length..] : s[..length];
                }

                int start = (i * length) + (padding == "pre" ? length - s.Length : 0);
                for (int k = 0; k < s.Length; k++)
                {
                    buffer[start + k] = s[k];
                }
            }

            return Tensor.Adopt(buffer, new Shape(sequences.Count, length));
        }
    }
}
