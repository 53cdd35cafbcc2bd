using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>Element-wise sum of a list of inputs, Keras' <c>layers.Add</c>: <c>x₀ + x₁ + …</c>, broadcast as described on <see cref="Merge"/>.</summary>
/// <example>
/// <code>
/// var inputs = Keras.Input(shape: [16]);
/// var x = new Dense(16, activation: "relu").Apply(inputs);
/// var y = new Add().Apply([x, inputs]);                  // a residual connection, (None, 16)
/// var model = new Model(inputs, new Dense(1).Apply(y));
/// </code>
/// </example>
public sealed class Add : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer name (default <c>add</c>, <c>add_1</c>, …).</param>
    public Add(string? name = null)
        : base(name)
    {
    }

    private protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => Reduce(inputs, static (a, b) => Ops.Add(a, b));

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Add FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return LayerConfig.Finish(new Add(LayerConfig.Name(config)), config);
    }
}
