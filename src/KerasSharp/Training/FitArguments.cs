using KerasSharp.Callbacks;
using KerasSharp.Data;
using KerasSharp.Engine;

namespace KerasSharp.Training;

/// <summary>The arguments of <c>Model.Fit</c>, bundled for the training loop.</summary>
/// <remarks>
/// The training data is either arrays (<see cref="X"/>, <see cref="Y"/>, <see cref="SampleWeight"/>) or a data source
/// (<see cref="Source"/>); the validation data either arrays (<see cref="ValidationData"/>) or a source
/// (<see cref="ValidationSource"/>).
/// </remarks>
internal sealed record FitArguments(
    Tensors X,
    Tensors Y,
    int? BatchSize,
    int Epochs,
    int Verbose,
    IReadOnlyList<Callback>? Callbacks,
    double ValidationSplit,
    (Tensors X, Tensors Y, Tensors? SampleWeight)? ValidationData,
    bool Shuffle,
    IReadOnlyDictionary<int, float>? ClassWeight,
    Tensors? SampleWeight,
    int InitialEpoch)
{
    /// <summary>The training batches, when they come from a source rather than arrays.</summary>
    public IEnumerable<Batch>? Source { get; init; }

    /// <summary>The validation batches, when they come from a source.</summary>
    public IEnumerable<Batch>? ValidationSource { get; init; }

    /// <summary>Keras' <c>steps_per_epoch</c>.</summary>
    public int? StepsPerEpoch { get; init; }

    /// <summary>Keras' <c>validation_steps</c>.</summary>
    public int? ValidationSteps { get; init; }

    /// <summary>Keras' <c>validation_batch_size</c> (arrays only; default: the batch size).</summary>
    public int? ValidationBatchSize { get; init; }

    /// <summary>Keras' <c>validation_freq</c>: validate after every n-th epoch.</summary>
    public int ValidationFreq { get; init; } = 1;
}
