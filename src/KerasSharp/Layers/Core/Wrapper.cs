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
    private protected abstract IReadOnlyList<Layer> Sublayers { get; }

    /// <summary>Builds a wrapped layer for <paramref name="inputShape"/> under the wrapper's name.</summary>
    private protected void BuildSublayer(Layer layer, Shape inputShape)
    {
        using (WeightScope.Enter(Name))
        {
            layer.EnsureBuilt(inputShape);
        }
    }

    /// <summary>Whether the weights are trained; setting it sets it on the wrapped layers too, as in Keras.</summary>
    public override bool Trainable
    {
        get => base.Trainable;
        set
        {
            base.Trainable = value;
            foreach (var layer in Sublayers)
            {
                layer.Trainable = value;
            }
        }
    }

    /// <summary>The wrapped layers' weights, layer after layer (Keras' <c>weights</c> of a layer with sublayers).</summary>
    public override IReadOnlyList<Variable> Weights => [.. Sublayers.SelectMany(l => l.Weights)];

    /// <summary>The wrapped layers' trainable weights (none when the wrapper is frozen).</summary>
    public override IReadOnlyList<Variable> TrainableWeights => Trainable ? [.. Sublayers.SelectMany(l => l.TrainableWeights)] : [];

    /// <summary>The wrapped layers' non-trainable weights (all of them when the wrapper is frozen).</summary>
    public override IReadOnlyList<Variable> NonTrainableWeights =>
        Trainable ? [.. Sublayers.SelectMany(l => l.NonTrainableWeights)] : Weights;

    /// <inheritdoc/>
    internal override bool HasRegularizers => Sublayers.Any(l => l.HasRegularizers);

    /// <summary>The wrapped layers' regularization penalties (none when the wrapper is frozen).</summary>
    public override IEnumerable<Tensor> RegularizationLosses() =>
        Trainable ? Sublayers.SelectMany(l => l.RegularizationLosses()) : [];

    /// <inheritdoc/>
    internal override bool RunsOnlyLibraryCode => base.RunsOnlyLibraryCode && Sublayers.All(l => l.RunsOnlyLibraryCode);

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
