using System.Text.Json.Nodes;

namespace KerasSharp.Metrics;

/// <summary>
/// The F1 score (<c>keras.metrics.F1Score</c>): the <see cref="FBetaScore"/> with β = 1, the harmonic mean of precision
/// and recall, per class or averaged.
/// </summary>
/// <remarks>See <see cref="FBetaScore"/> for the inputs, <c>average</c>, <c>threshold</c> and the per-class values.</remarks>
/// <example>
/// <code>
/// var m = new F1Score(threshold: 0.5);
/// m.UpdateState(new float[,] { { 1, 1, 1 }, { 1, 0, 0 }, { 1, 1, 0 } },
///               new float[,] { { 0.2f, 0.6f, 0.7f }, { 0.2f, 0.6f, 0.6f }, { 0.6f, 0.8f, 0 } });
/// Console.WriteLine(string.Join(", ", m.ResultValues()));   // 0.5, 0.8, 0.6666…
/// </code>
/// </example>
public sealed class F1Score : FBetaScore
{
    /// <summary>Creates the metric.</summary>
    /// <param name="average">null, <c>"micro"</c>, <c>"macro"</c> or <c>"weighted"</c>.</param>
    /// <param name="threshold">Predictions above it are positive, in (0, 1]; null for the row maximum.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public F1Score(string? average = null, double? threshold = null, string name = "f1_score")
        : base(average, 1.0, threshold, name)
    {
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "average", "threshold"}</c> (no <c>beta</c>).</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("beta");
        return config;
    }

    /// <summary>Creates an <see cref="F1Score"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new F1Score FromConfig(JsonObject config) => new(
        MetricConfig.GetNullableString(config, "average"),
        MetricConfig.GetNullableDouble(config, "threshold"),
        ReadName(config, "f1_score"));
}
