using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Element-wise mean of a list of inputs, Keras' <c>layers.Average</c>: <c>(x₀ + x₁ + …) / n</c>, broadcast as
/// described on <see cref="Merge"/>.
/// </summary>
/// <example>
/// <code>
/// var inputs = Keras.Input(shape: [10]);
/// var a = new Dense(3).Apply(inputs);
/// var b = new Dense(3).Apply(inputs);
/// var ensemble = new Model(inputs, new Average().Apply([a, b]));   // (None, 3)
/// </code>
/// </example>
public sealed class Average : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer name (default <c>average</c>, <c>average_1</c>, …).</param>
    public Average(string? name = null)
        : base(name)
    {
    }

    private protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) =>
        Ops.Divide(Reduce(inputs, static (a, b) => Ops.Add(a, b)), Tensor.Scalar(inputs.Count));

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Average FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return LayerConfig.Finish(new Average(LayerConfig.Name(config)), config);
    }
}
