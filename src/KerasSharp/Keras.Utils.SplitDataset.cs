using KerasSharp.Data;
using KerasSharp.Engine;

namespace KerasSharp;

public static partial class Keras
{
    public static partial class Utils
    {
        /// <summary>
        /// Splits an array into a left and a right part along its first axis (Keras' <c>keras.utils.split_dataset</c>
        /// of an array): the first <paramref name="leftSize"/> samples and the last <paramref name="rightSize"/> ones.
        /// </summary>
        /// <param name="dataset">The samples, on the first axis.</param>
        /// <param name="leftSize">An <c>int</c> number of samples or a <c>double</c> fraction in (0, 1) for the left part; null for the complement of the right one.</param>
        /// <param name="rightSize">The same for the right part; null for the complement of the left one.</param>
        /// <param name="shuffle">Shuffle the samples before splitting.</param>
        /// <param name="seed">The seed of the shuffle; null draws one from the global stream.</param>
        /// <returns>The two parts.</returns>
        /// <example>
        /// <code>
        /// var (train, test) = Keras.Utils.SplitDataset(data, leftSize: 0.8);   // keras.utils.split_dataset(data, left_size=0.8)
        /// </code>
        /// </example>
        /// <exception cref="ArgumentException">The sizes break Keras' rules (both null or zero, out of range, summing over the total, or leaving a side empty), with its message.</exception>
        public static (Tensor Left, Tensor Right) SplitDataset(Tensor dataset, SplitSize? leftSize = null, SplitSize? rightSize = null, bool shuffle = false, int? seed = null)
        {
            ArgumentNullException.ThrowIfNull(dataset);
            var (left, right) = SplitDataset((Tensors)dataset, leftSize, rightSize, shuffle, seed);
            return (left[0], right[0]);
        }

        /// <summary>
        /// Splits arrays of the same number of samples alike (Keras' <c>split_dataset</c> of a tuple of arrays, such as
        /// <c>(x, y)</c>): each part keeps the structure of <paramref name="dataset"/>.
        /// </summary>
        /// <param name="dataset">The arrays: a list (<c>[x, y]</c>) or a dictionary.</param>
        /// <param name="leftSize">An <c>int</c> number of samples or a <c>double</c> fraction for the left part; null for the complement.</param>
        /// <param name="rightSize">The same for the right part.</param>
        /// <param name="shuffle">Shuffle the samples before splitting (every array alike).</param>
        /// <param name="seed">The seed of the shuffle.</param>
        /// <returns>The two parts, each with one array per array of <paramref name="dataset"/>.</returns>
        /// <exception cref="ArgumentException">The arrays differ in length, or the sizes break Keras' rules.</exception>
        public static (Tensors Left, Tensors Right) SplitDataset(Tensors dataset, SplitSize? leftSize = null, SplitSize? rightSize = null, bool shuffle = false, int? seed = null)
        {
            if (dataset.Count == 0)
            {
                throw new ArgumentException("Received an empty list dataset. Please provide a non-empty list of arrays.", nameof(dataset));
            }
            for (int i = 0; i < dataset.Count; i++)
            {
                if (dataset[i].Rank == 0 || dataset[i].Shape[0] != dataset[0].Shape[0])
                {
                    throw new ArgumentException(
                        $"Received a list of arrays with different lengths. Mismatch found at index {i}, Expected shape={dataset[0].Shape} Received shape={dataset[i].Shape}. Please provide a list of arrays of the same length.",
                        nameof(dataset));
                }
            }
            var (leftRows, rightRows) = SplitRows(dataset[0].Shape[0], leftSize, rightSize, shuffle, seed);
            var structure = Structure.Of(dataset);
            return (structure.Rebuild(Take(dataset, leftRows)), structure.Rebuild(Take(dataset, rightRows)));
        }

        /// <summary>
        /// Splits a finite data source by samples (Keras' <c>split_dataset</c> of a batched dataset): the batches are
        /// read once, their samples split as arrays are, and each side is batched again with the size of the first batch.
        /// </summary>
        /// <param name="dataset">The batches (a <see cref="PyDataset"/>, a list, or an enumerable that ends).</param>
        /// <param name="leftSize">An <c>int</c> number of samples or a <c>double</c> fraction for the left part; null for the complement.</param>
        /// <param name="rightSize">The same for the right part.</param>
        /// <param name="shuffle">Shuffle the samples before splitting.</param>
        /// <param name="seed">The seed of the shuffle.</param>
        /// <returns>The two sides, as datasets that Fit, Evaluate and Predict take.</returns>
        /// <exception cref="ArgumentException">The source is empty or endless, its batches differ in structure, or the sizes break Keras' rules.</exception>
        public static (PyDataset Left, PyDataset Right) SplitDataset(IEnumerable<Batch> dataset, SplitSize? leftSize = null, SplitSize? rightSize = null, bool shuffle = false, int? seed = null)
        {
            ArgumentNullException.ThrowIfNull(dataset);
            if (dataset is PyDataset { Count: null })
            {
                throw new ArgumentException("The dataset is infinite (its Count is null), so it cannot be split.", nameof(dataset));
            }
            var batches = dataset.ToList();
            if (batches.Count == 0)
            {
                throw new ArgumentException("Received an empty dataset. Please provide a non-empty dataset.", nameof(dataset));
            }
            var first = batches[0];
            int batchSize = first.X[0].Shape[0];
            var x = Joined(batches, b => b.X, "x");
            var y = first.HasTargets ? Joined(batches, b => b.Y, "y") : null;
            var sw = first.SampleWeight is not null ? Joined(batches, b => b.SampleWeight ?? default, "sampleWeight") : null;
            var (leftRows, rightRows) = SplitRows(x[0].Shape[0], leftSize, rightSize, shuffle, seed);
            PyDataset Side(int[] rows) => new ArrayDataset(Take(x, rows), Structure.Of(first.X), y is null ? null : Take(y, rows),
                Structure.Of(first.Y), sw is null ? null : Take(sw, rows), batchSize);
            return (Side(leftRows), Side(rightRows));
        }

        /// <summary>The part of every batch that <paramref name="part"/> picks, joined along the samples.</summary>
        private static Tensor[] Joined(List<Batch> batches, Func<Batch, Tensors> part, string name)
        {
            int arrays = part(batches[0]).Count;
            var joined = new Tensor[arrays];
            for (int i = 0; i < arrays; i++)
            {
                var pieces = new Tensor[batches.Count];
                for (int b = 0; b < batches.Count; b++)
                {
                    var tensors = part(batches[b]);
                    if (tensors.Count != arrays)
                    {
                        throw new ArgumentException($"Batch {b} of the dataset has {tensors.Count} arrays in `{name}`, but the first batch has {arrays}.", nameof(batches));
                    }
                    pieces[b] = tensors[i];
                }
                joined[i] = pieces.Length == 1 ? pieces[0] : Ops.Concatenate(pieces, axis: 0);
            }
            return joined;
        }

        private static Tensor[] Take(IReadOnlyList<Tensor> arrays, int[] rows)
        {
            var parts = new Tensor[arrays.Count];
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = Ops.TakeRows(arrays[i], rows);
            }
            return parts;
        }

        /// <summary>The rows of each side, with Keras' rules for the sizes (<c>_rescale_dataset_split_sizes</c>).</summary>
        private static (int[] Left, int[] Right) SplitRows(int total, SplitSize? leftSize, SplitSize? rightSize, bool shuffle, int? seed)
        {
            if (leftSize is null && rightSize is null)
            {
                throw new ArgumentException("At least one of the `leftSize` or `rightSize` must be specified. Received: leftSize=None and rightSize=None");
            }
            if (leftSize is { Value: 0 } && rightSize is { Value: 0 })
            {
                throw new ArgumentException("Both `leftSize` and `rightSize` are zero. At least one of the split sizes must be non-zero.");
            }
            if (leftSize is { } l && OutOfRange(l, total))
            {
                throw new ArgumentException(
                    $"`leftSize` should be either a positive integer smaller than {total}, or a float within the range `[0, 1]`. Received: leftSize={l}", nameof(leftSize));
            }
            if (rightSize is { } r && OutOfRange(r, total))
            {
                throw new ArgumentException(
                    $"`rightSize` should be either a positive integer and smaller than {total} or a float within the range `[0, 1]`. Received: rightSize={r}", nameof(rightSize));
            }
            if (leftSize is { IsFraction: true } lf && rightSize is { IsFraction: true } rf && lf.Value + rf.Value > 1)
            {
                throw new ArgumentException("The sum of `leftSize` and `rightSize` is greater than 1. It must be less than or equal to 1.");
            }
            // as Python's round(): half to even
            static double? Count(SplitSize? size, int total) =>
                size is { } s ? (s.IsFraction ? Math.Round(s.Value * total, MidpointRounding.ToEven) : s.Value) : null;
            double left = Count(leftSize, total) ?? total - Count(rightSize, total)!.Value;
            double right = Count(rightSize, total) ?? total - left;
            if (left + right > total)
            {
                throw new ArgumentException(
                    $"The sum of `leftSize` and `rightSize` should be smaller than the {total}. Received: leftSize + rightSize = {left + right}and total_length = {total}");
            }
            foreach (var (split, side) in new[] { (left, "left"), (right, "right") })
            {
                if (split == 0)
                {
                    throw new ArgumentException(
                        $"With `dataset` of length={total}, `leftSize`={left} and `rightSize`={right}.Resulting {side} side dataset split will be empty. Adjust any of the aforementioned parameters");
                }
            }
            int[] order = [.. Enumerable.Range(0, total)];
            if (shuffle)
            {
                new SeedGenerator(seed).Shuffle(order);
            }
            return (order[..(int)left], order[(total - (int)right)..]);

            static bool OutOfRange(SplitSize size, int total) => size.IsFraction
                ? !(size.Value > 0 && size.Value < 1)
                : size.Value <= 0 || size.Value >= total;
        }
    }
}
