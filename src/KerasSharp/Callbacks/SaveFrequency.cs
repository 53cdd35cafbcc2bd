namespace KerasSharp.Callbacks;

/// <summary>
/// How often a checkpointing callback saves (Keras' <c>save_freq</c>): <c>"epoch"</c>, at the end of every epoch, or
/// a number of training batches. Written as Keras users write it: <c>saveFreq: "epoch"</c> or <c>saveFreq: 100</c>.
/// </summary>
public readonly struct SaveFrequency : IEquatable<SaveFrequency>
{
    private SaveFrequency(int batches) => Batches = batches;

    /// <summary>Save at the end of every epoch (the default).</summary>
    public static SaveFrequency Epoch => default;

    /// <summary>The number of batches between saves, or 0 for once per epoch.</summary>
    public int Batches { get; }

    /// <summary>True when saving happens at the end of each epoch.</summary>
    public bool IsEpoch => Batches == 0;

    /// <summary>Every <paramref name="batches"/> training batches.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batches"/> is not positive.</exception>
    public static SaveFrequency EveryBatches(int batches) => batches > 0
        ? new SaveFrequency(batches)
        : throw new ArgumentOutOfRangeException(nameof(batches), batches, $"Unrecognized save_freq: {batches}. Expected save_freq are 'epoch' or positive integer values.");

    /// <summary><c>"epoch"</c>.</summary>
    /// <exception cref="ArgumentException">Any other string.</exception>
    public static implicit operator SaveFrequency(string value) => value == "epoch"
        ? Epoch
        : throw new ArgumentException($"Unrecognized save_freq: {value}. Expected save_freq are 'epoch' or integer values.", nameof(value));

    /// <summary>A number of batches.</summary>
    public static implicit operator SaveFrequency(int batches) => EveryBatches(batches);

    /// <inheritdoc/>
    public bool Equals(SaveFrequency other) => Batches == other.Batches;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SaveFrequency other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Batches;

    /// <summary>Equality.</summary>
    public static bool operator ==(SaveFrequency left, SaveFrequency right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SaveFrequency left, SaveFrequency right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => IsEpoch ? "epoch" : Batches.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Counts batches between saves as Keras does: true when, after batch <paramref name="batch"/> (zero-based within
    /// its epoch), <see cref="Batches"/> batches have passed since the last save. <paramref name="lastBatch"/> and
    /// <paramref name="sinceSave"/> are the caller's counters.
    /// </summary>
    internal bool DueAfter(int batch, ref int lastBatch, ref int sinceSave)
    {
        if (IsEpoch)
        {
            return false;
        }
        // a batch index not above the last one starts a new epoch
        sinceSave += batch <= lastBatch ? batch + 1 : batch - lastBatch;
        lastBatch = batch;
        if (sinceSave >= Batches)
        {
            sinceSave = 0;
            return true;
        }
        return false;
    }
}
