using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>Element-wise maximum of a list of inputs, Keras' <c>layers.Maximum</c>, broadcast as described on <see cref="Merge"/>.</summary>
/// <remarks>Where inputs tie, the gradient goes to the earliest of them (see <see cref="Ops.Maximum"/>, which follows TensorFlow).</remarks>
/// <example>
/// <code>
/// var y = new Maximum().Apply([Tensor.FromArray([1f, 5f]), Tensor.FromArray([3f, 2f])]);   // [3, 5]
/// </code>
/// </example>
public sealed class Maximum : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer name (default <c>maximum</c>, <c>maximum_1</c>, …).</param>
    public Maximum(string? name = null)
        : base(name)
    {
    }

    private protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => Reduce(inputs, static (a, b) => Ops.Maximum(a, b));

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Maximum FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return LayerConfig.Finish(new Maximum(LayerConfig.Name(config)), config);
    }
}
