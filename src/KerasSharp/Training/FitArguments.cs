using KerasSharp.Callbacks;
using KerasSharp.Engine;

namespace KerasSharp.Training;

/// <summary>The arguments of <c>Model.Fit</c>, bundled for the training loop.</summary>
internal sealed record FitArguments(
    Tensors X,
    Tensors Y,
    int? BatchSize,
    int Epochs,
    int Verbose,
    IReadOnlyList<Callback>? Callbacks,
    double ValidationSplit,
    (Tensors X, Tensors Y)? ValidationData,
    bool Shuffle,
    IReadOnlyDictionary<int, float>? ClassWeight,
    Tensors? SampleWeight,
    int InitialEpoch);
