using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// The sub-layers of a layer written by the user (a subclassed model, a custom layer holding other layers), found
/// without the user listing them, as Keras finds the layers a model assigns to its attributes: they make up
/// <c>model.Layers</c>, their weights are the model's weights, freezing the model freezes them, their regularization
/// penalties join the loss and <c>Summary()</c> lists them.
/// </summary>
/// <remarks>
/// <para>
/// How they are found. Keras tracks attribute assignment (<c>__setattr__</c>); .NET has no such hook. Reading the
/// fields of the user's class by reflection would work, but trimming and native AOT remove or hide fields of user
/// types unless every class is annotated, layers kept in lists or dictionaries would need a walk of arbitrary
/// collections, and a field that merely refers to a layer owned elsewhere (a shared encoder, a teacher model) would
/// be taken for a part of the model. KerasSharp instead records what the computation uses: while the
/// <c>Call</c> (or <c>Build</c>) of a user-defined layer runs, every layer applied on that thread is recorded by it,
/// once, in order of first use. That needs no metadata, sees exactly the layers whose weights the loss depends on,
/// and gives Keras' order whenever attributes are used in the order they are assigned (the usual case). A layer may
/// also declare its sub-layers up front with <c>Track(layer)</c> in its constructor, so that they are known before
/// any call, in the order given. (A layer that only some calls use, e.g. in a branch taken only when training, joins
/// when first used; declaring it with <c>Track</c> makes it known from the start.)
/// </para>
/// <para>
/// Until a call has run, recorded layers are not known; Keras too creates a subclassed model's weights only when it
/// is built. So building a subclassed model (<c>EnsureBuilt</c>, Keras' <c>model.build(input_shape)</c>) runs its
/// <c>Call</c> once on zeros of the input shape; <c>Fit</c> and <c>TrainOnBatch</c> do that from the data's shape
/// before the first step takes the list of trainable weights (Keras' symbolic build at the start of <c>fit</c>), for
/// any model holding a user-defined layer that has not run yet, and <c>Summary</c> from the shape the model was built
/// for.
/// </para>
/// <para>
/// A layer's state is locked once it has run, as Keras locks it after <c>build</c>: a layer created after that
/// (typically inside <c>Call</c>, on every call) does not join it, and if it has weights applying it fails rather than
/// training new, untrained weights every step. A layer without weights created inside a call (an inline
/// <c>Flatten</c>) is simply not tracked, as in Keras.
/// </para>
/// <para>
/// Only user-defined classes record, and inside any other layer's call recording stops: the library's containers
/// list their own layers (a Sequential or Functional model's are its graph), and each layer records only its direct
/// children (Keras' <c>model.layers</c> is not recursive; a child's own children are reached through it).
/// Recording costs the library's own layers two thread-static reads per call and no allocation. The list is copied on write under a
/// lock and read without one, so calls from many threads (concurrent <c>Predict</c>) are safe.
/// </para>
/// </remarks>
internal sealed class TrackedLayers
{
    /// <summary>The innermost user-defined layer whose call or build is running on this thread, or null.</summary>
    [ThreadStatic]
    private static Layer? t_caller;

    private static long s_created;

    private readonly Lock _lock = new();
    private volatile Layer[] _items = [];
    // the creation index of the last layer made before this one's first call completed (long.MaxValue until then)
    private long _lockedAfter = long.MaxValue;

    /// <summary>Creates an empty list.</summary>
    /// <param name="recordsCalls">Whether layers applied inside the owner's call join the list (user-defined classes).</param>
    public TrackedLayers(bool recordsCalls) => RecordsCalls = recordsCalls;

    /// <summary>Whether layers applied inside the owner's call join the list.</summary>
    public bool RecordsCalls { get; }

    /// <summary>The sub-layers, in order of first use (or of <c>Track</c>).</summary>
    public IReadOnlyList<Layer> Items => _items;

    /// <summary>Whether a call of the owner has completed (its state is then locked).</summary>
    public bool HasRun => Volatile.Read(ref _lockedAfter) != long.MaxValue;

    /// <summary>A number for a new layer, larger than that of every layer made before it.</summary>
    internal static long NextCreationIndex() => Interlocked.Increment(ref s_created);

    /// <summary>
    /// Adds <paramref name="layer"/> to <paramref name="owner"/>'s list unless it is there; a layer joining a frozen
    /// owner is frozen with it, as Keras' recursive <c>trainable</c> would have frozen it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layer was created after the owner's state was locked.</exception>
    public void Add(Layer owner, Layer layer)
    {
        if (Contains(_items, layer))
        {
            layer.LastTrackedBy = owner;
            return;
        }
        bool added = false;
        lock (_lock)
        {
            if (!Contains(_items, layer))
            {
                if (CreatedAfterLock(layer))
                {
                    throw CreatedAfterBuild(owner, layer);
                }
                _items = [.. _items, layer];
                added = true;
            }
            layer.LastTrackedBy = owner;
        }
        if (added)
        {
            if (!owner.Trainable)
            {
                layer.Trainable = false;
            }
            Layer.WeightsChanged();
        }
    }

    private static bool Contains(Layer[] items, Layer layer)
    {
        foreach (var item in items)
        {
            if (ReferenceEquals(item, layer))
            {
                return true;
            }
        }
        return false;
    }

    private bool CreatedAfterLock(Layer layer) => layer.CreationIndex > Volatile.Read(ref _lockedAfter);

    private static InvalidOperationException CreatedAfterBuild(Layer owner, Layer layer) => new(
        $"Layer \"{layer.Name}\" ({layer.ClassName}) was created after \"{owner.Name}\" ({owner.ClassName}) was built, so it cannot become part of it. "
        + "You cannot add new elements of state (variables or sub-layers) to a layer that is already built. "
        + "All state must be created in the constructor or in the Build() method: a layer created inside Call() would get new, untrained weights on every call.");

    /// <summary>
    /// Starts a call (or build) of <paramref name="layer"/> on this thread: the calling user-defined layer, if any,
    /// records it, and it becomes the caller of the layers it applies if it records, else no layer does. Disposing
    /// the scope makes the previous caller current again.
    /// </summary>
    public static Scope Enter(Layer layer)
    {
        var caller = t_caller;
        if (caller is not null && !ReferenceEquals(caller, layer) && !ReferenceEquals(layer.LastTrackedBy, caller))
        {
            var list = caller.Tracked!;
            // a layer made after the caller was built is not tracked; Completed fails if it turns out to have weights
            if (!list.CreatedAfterLock(layer))
            {
                list.Add(caller, layer);
            }
        }
        var next = layer.Tracked is { RecordsCalls: true } ? layer : null;
        if (!ReferenceEquals(caller, next))
        {
            t_caller = next;
        }
        return new Scope(layer, caller);
    }

    /// <summary>A call of a layer on this thread, between <see cref="Enter"/> and <see cref="Dispose"/>.</summary>
    public readonly ref struct Scope
    {
        private readonly Layer _layer;
        private readonly Layer? _caller;

        internal Scope(Layer layer, Layer? caller)
        {
            _layer = layer;
            _caller = caller;
        }

        /// <summary>
        /// After the call returned <paramref name="result"/>: locks the layer's state on its first call, and fails for
        /// a layer with weights that was created inside a call of an already built caller.
        /// </summary>
        /// <exception cref="InvalidOperationException">The layer has weights its caller would not train.</exception>
        public T Completed<T>(T result)
        {
            if (_layer.Tracked is { } own && !own.HasRun)
            {
                Interlocked.CompareExchange(ref own._lockedAfter, Volatile.Read(ref s_created), long.MaxValue);
            }
            var caller = _caller;
            if (caller is not null && !ReferenceEquals(_layer.LastTrackedBy, caller) && !ReferenceEquals(caller, _layer)
                && caller.Tracked!.CreatedAfterLock(_layer) && _layer.Weights.Count > 0)
            {
                throw CreatedAfterBuild(caller, _layer);
            }
            return result;
        }

        /// <summary>Makes the previous caller current again.</summary>
        public void Dispose()
        {
            if (!ReferenceEquals(t_caller, _caller))
            {
                t_caller = _caller;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="layer"/> or a layer inside it is user-defined and has never completed a call, so that
    /// its sub-layers (and their weights) may not be known yet.
    /// </summary>
    public static bool NeedsRun(Layer layer)
    {
        if (layer.Tracked is { RecordsCalls: true, HasRun: false })
        {
            return true;
        }
        var layers = layer.SubLayers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (NeedsRun(layers[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A layer's own weights followed by those <paramref name="select"/> gives for each of its sub-layers, each
    /// weight once (a shared layer's weights are listed where they first appear), as Keras' <c>layer.weights</c>.
    /// </summary>
    public static List<Variable> Append(List<Variable> own, IReadOnlyList<Layer> layers, Func<Layer, IReadOnlyList<Variable>> select)
    {
        var seen = new HashSet<Variable>(own, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < layers.Count; i++)
        {
            foreach (var v in select(layers[i]))
            {
                if (seen.Add(v))
                {
                    own.Add(v);
                }
            }
        }
        return own;
    }
}
