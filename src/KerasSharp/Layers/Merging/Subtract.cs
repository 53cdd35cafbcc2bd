using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Element-wise difference of exactly two inputs, Keras' <c>layers.Subtract</c>: <c>x₀ − x₁</c>, broadcast as
/// described on <see cref="Merge"/>.
/// </summary>
/// <example>
/// <code>
/// var a = Keras.Input(shape: [16]);
/// var b = Keras.Input(shape: [16]);
/// var difference = new Subtract().Apply([a, b]);   // (None, 16)
/// var model = new Model([a, b], new Dense(4).Apply(difference));
/// </code>
/// </example>
public sealed class Subtract : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer name (default <c>subtract</c>, <c>subtract_1</c>, …).</param>
    public Subtract(string? name = null)
        : base(name)
    {
    }

    internal override bool AcceptsInputCount(int count) => count == 2;

    private protected override string InputCountMessage(IReadOnlyList<Shape> shapes) =>
        $"A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape={Format(shapes)}";

    private protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => Reduce(inputs, static (a, b) => Ops.Subtract(a, b));

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Subtract FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return LayerConfig.Finish(new Subtract(LayerConfig.Name(config)), config);
    }
}
