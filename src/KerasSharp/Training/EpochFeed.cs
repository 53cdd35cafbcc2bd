using KerasSharp.Utils;
using KerasSharp.Engine;

namespace KerasSharp.Training;

/// <summary>
/// The batches of the epochs of one Fit, Evaluate or Predict call (Keras' <c>EpochIterator</c> over a data adapter):
/// arrays cut into batches (<see cref="ArrayFeed"/>), or a data source (<see cref="SourceFeed"/>). Per epoch the loop
/// calls <see cref="BeginEpoch"/>, then <see cref="MoveNext"/> outside the step's arena (a source runs the user's
/// code there) and <see cref="Batch"/> inside it for each step, then <see cref="EndEpoch"/>.
/// </summary>
internal abstract class EpochFeed : IDisposable
{
    /// <summary>Keras' warning when a source or <c>stepsPerEpoch</c> asks for more batches than there are.</summary>
    internal const string RanOutWarning =
        "Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least " +
        "`stepsPerEpoch * epochs` batches. You may need to repeat your data, for example with an endless loop in the iterator method that yields the batches.";

    /// <summary>The steps of an epoch, when known (Keras' <c>num_batches</c>: <c>stepsPerEpoch</c>, else the source's size).</summary>
    public abstract int? Steps { get; }

    /// <summary>Starts an evaluation afresh: the next epoch starts from the first batch (Keras' <c>reset</c>).</summary>
    public abstract void Reset();

    /// <summary>Starts an epoch.</summary>
    public abstract void BeginEpoch();

    /// <summary>Whether there is a batch for <paramref name="step"/>; false ends the epoch.</summary>
    public abstract bool MoveNext(int step);

    /// <summary>The batch of <paramref name="step"/>, matched to the model (after <see cref="MoveNext"/> returned true).</summary>
    /// <param name="step">The step.</param>
    /// <param name="pooled">Whether the batch's arrays may be reused from step to step (only the library's code sees them).</param>
    public abstract (Tensors X, Tensors Y, Tensors? SampleWeight) Batch(int step, bool pooled);

    /// <summary>Ends an epoch.</summary>
    public abstract void EndEpoch();

    /// <summary>Stops any work on other threads.</summary>
    public virtual void Dispose()
    {
    }

    /// <summary>Reports <see cref="RanOutWarning"/>.</summary>
    protected static void WarnRanOut() => Utils.Warnings.Warn(RanOutWarning);
}
