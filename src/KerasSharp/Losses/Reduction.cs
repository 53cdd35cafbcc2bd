namespace KerasSharp.Losses;

/// <summary>
/// The reduction names a <see cref="Loss"/> accepts (Keras uses plain strings; these constants are for discoverability).
/// </summary>
/// <remarks>
/// Inside a class derived from <see cref="Loss"/>, the name <c>Reduction</c> refers to the inherited
/// <see cref="Loss.Reduction"/> property; write <c>KerasSharp.Losses.Reduction.Sum</c> or the string there.
/// </remarks>
/// <example>
/// <code>
/// var loss = new MeanSquaredError(reduction: Reduction.Sum);   // same as reduction: "sum"
/// </code>
/// </example>
public static class Reduction
{
    /// <summary>Sum of the weighted losses divided by the number of per-sample losses (the Keras default).</summary>
    public const string SumOverBatchSize = "sum_over_batch_size";

    /// <summary>Sum of the weighted losses.</summary>
    public const string Sum = "sum";

    /// <summary>Same as <see cref="SumOverBatchSize"/> in Keras 3.</summary>
    public const string Mean = "mean";

    /// <summary>Sum of the weighted losses divided by the sum of the sample weights (0 when they sum to 0).</summary>
    public const string MeanWithSampleWeight = "mean_with_sample_weight";

    /// <summary>No reduction: the weighted per-sample losses.</summary>
    public const string None = "none";
}
