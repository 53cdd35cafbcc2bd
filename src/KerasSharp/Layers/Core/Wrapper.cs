using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// The base of the layers that wrap other layers (Keras' <c>Wrapper</c>): <see cref="TimeDistributed"/> and
/// <see cref="Bidirectional"/>. The wrapped layers are built in the wrapper's build, so their weight paths start with
/// the wrapper's name (<c>bidirectional/forward_lstm/kernel</c>); the wrapper's weights are theirs, in order, and
/// freezing the wrapper freezes them.
/// </summary>
public abstract class Wrapper : Layer
{
    /// <summary>Creates the wrapper (see the subclasses for the arguments).</summary>
    private protected Wrapper(string? name, Shape? inputShape)
        : base(name, inputShape: inputShape)
    {
    }

    /// <summary>The wrapped layers, in weight order.</summary>
    private protected abstract IReadOnlyList<Layer> WrappedLayers { get; }

    /// <summary>Builds a wrapped layer for <paramref name="inputShape"/> under the wrapper's name.</summary>
    private protected void BuildSublayer(Layer layer, Shape inputShape)
    {
        using (WeightScope.Enter(Name))
        {
            layer.EnsureBuilt(inputShape);
        }
    }

    /// <summary>
    /// The wrapped layers are the wrapper's sub-layers, so (through <see cref="Layer"/>) its weights are theirs in
    /// order, freezing the wrapper freezes them, and their regularization penalties are its own.
    /// </summary>
    internal override IReadOnlyList<Layer> SubLayers => WrappedLayers;

    /// <summary>Sets a frozen config's <c>trainable: false</c> on a rebuilt wrapper (true leaves the wrapped layers' own flags).</summary>
    private protected static T FinishConfig<T>(T wrapper, System.Text.Json.Nodes.JsonObject config)
        where T : Wrapper
    {
        if (!Saving.ConfigValues.GetBool(config, "trainable", true))
        {
            wrapper.Trainable = false;
        }
        return wrapper;
    }
}
