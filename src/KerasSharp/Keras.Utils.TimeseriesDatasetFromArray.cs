using KerasSharp.Data;
using KerasSharp.Engine;

namespace KerasSharp;

public static partial class Keras
{
    public static partial class Utils
    {
        /// <summary>
        /// Batches of sliding windows over a timeseries, as Keras' <c>keras.utils.timeseries_dataset_from_array</c>:
        /// the time steps are the rows (axis 0) of <paramref name="data"/>; window <c>i</c> starts at
        /// <c>startIndex + i · sequenceStride</c> and takes <paramref name="sequenceLength"/> steps
        /// <paramref name="samplingRate"/> apart; its target is the row of <paramref name="targets"/> where it starts.
        /// </summary>
        /// <param name="data">The timeseries, time on the first axis.</param>
        /// <param name="targets">The targets: <c>targets[i]</c> is that of the window starting at step <c>i</c>; null for windows alone.</param>
        /// <param name="sequenceLength">Steps per window.</param>
        /// <param name="sequenceStride">Steps between the starts of successive windows.</param>
        /// <param name="samplingRate">Steps between the steps of a window.</param>
        /// <param name="batchSize">Windows per batch (the last may have fewer); null for one window per item, without a batch axis.</param>
        /// <param name="shuffle">Shuffle the windows (once, with <paramref name="seed"/>) instead of keeping them in time order.</param>
        /// <param name="seed">The seed of the shuffle; null draws one from the global stream.</param>
        /// <param name="startIndex">Steps before it are not used (to keep them for validation or tests).</param>
        /// <param name="endIndex">Steps from it on are not used.</param>
        /// <returns>The dataset, which <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c> take and which enumerates its batches.</returns>
        /// <example>
        /// <code>
        /// // the past 10 steps predict the next one (Keras' docstring, example 2)
        /// var dataset = Keras.Utils.TimeseriesDatasetFromArray(Ops.SliceRows(series, 0, n - 10), Ops.SliceRows(series, 10, n - 10), sequenceLength: 10);
        /// model.Fit(dataset, epochs: 5);
        /// </code>
        /// </example>
        /// <exception cref="ArgumentException">An index, stride or rate out of range, with Keras' message.</exception>
        public static TimeseriesDataset TimeseriesDatasetFromArray(Tensor data, Tensor? targets, int sequenceLength, int sequenceStride = 1,
            int samplingRate = 1, int? batchSize = 128, bool shuffle = false, int? seed = null, int? startIndex = null, int? endIndex = null)
        {
            ArgumentNullException.ThrowIfNull(data);
            if (data.Rank == 0)
            {
                throw new ArgumentException($"`data` must have a time axis (axis 0), but received a scalar.", nameof(data));
            }
            int length = data.Shape[0];
            // as Keras: a start or end index of 0 counts as not given
            if (startIndex is int s && s != 0)
            {
                if (s < 0)
                {
                    throw new ArgumentException($"`startIndex` must be 0 or greater. Received: startIndex={s}", nameof(startIndex));
                }
                if (s >= length)
                {
                    throw new ArgumentException($"`startIndex` must be lower than the length of the data. Received: startIndex={s}, for data of length {length}", nameof(startIndex));
                }
            }
            if (endIndex is int e && e != 0)
            {
                if (startIndex is int st && st != 0 && e <= st)
                {
                    throw new ArgumentException($"`endIndex` must be higher than `startIndex`. Received: startIndex={st}, and endIndex={e} ", nameof(endIndex));
                }
                if (e >= length)
                {
                    throw new ArgumentException($"`endIndex` must be lower than the length of the data. Received: endIndex={e}, for data of length {length}", nameof(endIndex));
                }
                if (e <= 0)
                {
                    throw new ArgumentException($"`endIndex` must be higher than 0. Received: endIndex={e}", nameof(endIndex));
                }
            }
            PositiveBelow(samplingRate, "samplingRate", length);
            PositiveBelow(sequenceStride, "sequenceStride", length);
            if (sequenceLength <= 0)
            {
                throw new ArgumentException($"`sequenceLength` must be higher than 0. Received: sequenceLength={sequenceLength}", nameof(sequenceLength));
            }
            if (batchSize is <= 0)
            {
                throw new ArgumentException($"`batchSize` must be a positive integer or null. Received: batchSize={batchSize}", nameof(batchSize));
            }

            int start = startIndex ?? 0;
            int end = endIndex ?? length;
            long sequences = end - start - (long)(sequenceLength - 1) * samplingRate;
            if (targets is not null)
            {
                if (targets.Rank == 0)
                {
                    throw new ArgumentException("`targets` must have a time axis (axis 0), but received a scalar.", nameof(targets));
                }
                sequences = Math.Min(sequences, targets.Shape[0] - start);
            }
            int[] positions = sequences <= 0 ? [] : [.. Enumerable.Range(0, (int)((sequences + sequenceStride - 1) / sequenceStride)).Select(i => i * sequenceStride)];
            if (shuffle)
            {
                new SeedGenerator(seed).Shuffle(positions);
            }
            return new TimeseriesDataset(data, targets, sequenceLength, samplingRate, positions, start, batchSize);

            static void PositiveBelow(int value, string name, int length)
            {
                if (value <= 0)
                {
                    throw new ArgumentException($"`{name}` must be higher than 0. Received: {name}={value}", name);
                }
                if (value >= length)
                {
                    throw new ArgumentException($"`{name}` must be lower than the length of the data. Received: {name}={value}, for data of length {length}", name);
                }
            }
        }
    }
}
