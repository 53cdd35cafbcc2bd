namespace KerasSharp.Layers;

/// <content>The sub-layers a layer tracks (see <see cref="TrackedLayers"/>).</content>
public abstract partial class Layer
{
    private TrackedLayers? _tracked;

    /// <summary>
    /// The layers inside this one whose weights are its weights: those it tracks (see <see cref="Track"/>; a
    /// user-defined layer also tracks the layers its call applies), a model's <c>Layers</c>.
    /// </summary>
    internal virtual IReadOnlyList<Layer> SubLayers => _tracked?.Items ?? Array.Empty<Layer>();

    /// <summary>The layers this layer tracks, in order of first use (a subclassed model's <c>Layers</c>).</summary>
    internal IReadOnlyList<Layer> TrackedSubLayers => _tracked?.Items ?? Array.Empty<Layer>();

    /// <summary>The tracking state of a layer that tracks sub-layers, else null.</summary>
    internal TrackedLayers? Tracked => _tracked;

    /// <summary>Orders layers by creation: a layer created after another's state is locked cannot join it.</summary>
    internal long CreationIndex { get; }

    /// <summary>The layer that last recorded this one (a cache that spares the lookup on every call).</summary>
    internal Layer? LastTrackedBy;

    /// <summary>
    /// Declares <paramref name="layer"/> a part of this one, as assigning a layer to an attribute does in Keras:
    /// its weights become this layer's weights, freezing this layer freezes it, its regularization penalties count and
    /// a model lists it in <c>Layers</c>. Optional: the layers a user-defined layer's <c>Call</c> applies are tracked
    /// anyway, in order of first use, once it has run; calling <c>Track</c> in the constructor makes them known
    /// before any call, in the order given.
    /// </summary>
    /// <typeparam name="T">The layer's type.</typeparam>
    /// <param name="layer">The sub-layer.</param>
    /// <returns><paramref name="layer"/>, so that <c>_dense = Track(new Dense(32));</c> reads as an assignment.</returns>
    /// <exception cref="ArgumentException">The layer is this layer.</exception>
    /// <exception cref="InvalidOperationException">The layer was created after this layer was built (state is locked then, as in Keras).</exception>
    /// <example>
    /// <code>
    /// sealed class MyModel : Model
    /// {
    ///     private readonly Dense _dense1, _dense2;
    ///     public MyModel()
    ///     {
    ///         _dense1 = Track(new Dense(32, activation: "relu"));
    ///         _dense2 = Track(new Dense(5, activation: "softmax"));
    ///     }
    ///     protected override Tensor Call(Tensor inputs, bool training) => _dense2.Apply(_dense1.Apply(inputs, training), training);
    /// }
    /// </code>
    /// </example>
    protected T Track<T>(T layer) where T : Layer
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (ReferenceEquals(layer, this))
        {
            throw new ArgumentException($"Layer \"{Name}\" cannot track itself.", nameof(layer));
        }
        var tracked = _tracked ?? Interlocked.CompareExchange(ref _tracked, new TrackedLayers(recordsCalls: false), null) ?? _tracked!;
        tracked.Add(this, layer);
        return layer;
    }
}
