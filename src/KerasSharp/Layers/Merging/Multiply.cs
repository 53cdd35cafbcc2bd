using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>Element-wise product of a list of inputs, Keras' <c>layers.Multiply</c>: <c>x₀ · x₁ · …</c>, broadcast as described on <see cref="Merge"/>.</summary>
/// <example>
/// <code>
/// var features = Keras.Input(shape: [8]);
/// var gate = new Dense(8, activation: "sigmoid").Apply(features);
/// var gated = new Multiply().Apply([features, gate]);    // (None, 8)
/// </code>
/// </example>
public sealed class Multiply : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer name (default <c>multiply</c>, <c>multiply_1</c>, …).</param>
    public Multiply(string? name = null)
        : base(name)
    {
    }

    private protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => Reduce(inputs, static (a, b) => Ops.Multiply(a, b));

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Multiply FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return LayerConfig.Finish(new Multiply(LayerConfig.Name(config)), config);
    }
}
