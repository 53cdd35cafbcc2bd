using KerasSharp.Callbacks;
using KerasSharp.Engine;

namespace KerasSharp.Training;

/// <summary>The arguments of <c>Model.Fit</c>, bundled for the training loop.</summary>
internal sealed record FitArguments(
    Tensor X,
    Tensor Y,
    int? BatchSize,
    int Epochs,
    int Verbose,
    IReadOnlyList<Callback>? Callbacks,
    double ValidationSplit,
    (Tensor X, Tensor Y)? ValidationData,
    bool Shuffle,
    IReadOnlyDictionary<int, float>? ClassWeight,
    Tensor? SampleWeight,
    int InitialEpoch);
