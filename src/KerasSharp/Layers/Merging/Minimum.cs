using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>Element-wise minimum of a list of inputs, Keras' <c>layers.Minimum</c>, broadcast as described on <see cref="Merge"/>.</summary>
/// <remarks>Where inputs tie, the gradient goes to the earliest of them (see <see cref="Ops.Minimum"/>, which follows TensorFlow).</remarks>
/// <example>
/// <code>
/// var y = new Minimum().Apply([Tensor.FromArray([1f, 5f]), Tensor.FromArray([3f, 2f])]);   // [1, 2]
/// </code>
/// </example>
public sealed class Minimum : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer name (default <c>minimum</c>, <c>minimum_1</c>, …).</param>
    public Minimum(string? name = null)
        : base(name)
    {
    }

    private protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => Reduce(inputs, static (a, b) => Ops.Minimum(a, b));

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Minimum FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return LayerConfig.Finish(new Minimum(LayerConfig.Name(config)), config);
    }
}
