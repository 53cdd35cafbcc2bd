using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Utils;

namespace KerasSharp.Models;

/// <content>
/// Subclassed models (Keras' <c>class MyModel(keras.Model)</c>): the layers they use are tracked as their
/// <see cref="Layers"/> (see <see cref="TrackedLayers"/> for how and why), and building one runs its <c>Call</c>.
/// </content>
public partial class Model
{
    /// <summary>True for a model made by subclassing: neither Functional nor Sequential, it computes in its own <c>Call</c>.</summary>
    internal bool IsSubclassed => _graph is null && this is not Sequential;

    /// <inheritdoc/>
    /// <remarks>
    /// A subclassed model is built by running its <c>Call</c> once on zeros of <paramref name="inputShape"/> (one
    /// sample for an unknown batch), which builds the layers it uses and tracks them, so that <see cref="Layers"/>
    /// and the weights are complete after <c>EnsureBuilt(shape)</c> (Keras' <c>model.build(input_shape)</c>). A
    /// subclass may override this to build its own way.
    /// </remarks>
    protected override void Build(Shape inputShape)
    {
        if (IsSubclassed)
        {
            BuildByCall([inputShape]);
        }
    }

    private void BuildByCall(IReadOnlyList<Shape> inputShapes) => SymbolicCall.DryRun(this, inputShapes);

    /// <summary>
    /// Before training on inputs of <paramref name="inputShape"/> (batch axis -1): when a user-defined layer in the
    /// model (the model itself, if subclassed) has never run, builds the model and runs it once on zeros, so that
    /// <see cref="Layer.TrainableWeights"/> lists every weight from the first step on (Keras builds the model
    /// symbolically at the start of <c>fit</c>). Nothing happens for a model of the library's layers.
    /// </summary>
    internal void PrepareFor(Shape inputShape)
    {
        if (!TrackedLayers.NeedsRun(this))
        {
            return;
        }
        EnsureBuilt(inputShape);
        if (TrackedLayers.NeedsRun(this))
        {
            SymbolicCall.DryRun(this, [inputShape]);
        }
    }

    /// <summary>Before a summary of a subclassed model: makes its layers known when its input shape is, or says how to.</summary>
    private void PrepareSummary()
    {
        if (!IsSubclassed)
        {
            return;
        }
        if (BatchInputShape is Shape shape)
        {
            PrepareFor(shape);
        }
        if (!Built && Layers.Count == 0)
        {
            throw new InvalidOperationException(
                $"This model (\"{Name}\") has not yet been built. Build the model first by calling EnsureBuilt(inputShape) or by calling the model on a batch of data. "
                + "A subclassed model knows its layers once its Call has run, or when its constructor declares them with Track(layer).");
        }
    }

    /// <summary>
    /// The output shape a summary prints for <paramref name="layer"/>. For a subclassed model's layers, as Keras'
    /// <c>format_layer_shape</c>: the output of the layer's symbolic call when it has one, else the shape computed
    /// from the input it was built for, and <c>?</c> when it is unbuilt or cannot say (a user-defined layer that does
    /// not implement <see cref="Layer.ComputeOutputShape"/>).
    /// </summary>
    internal string SummaryShape(Layer layer)
    {
        if (!IsSubclassed)
        {
            return layer.OutputShape is Shape s ? SummaryTable.FormatShape(s) : "?";
        }
        var nodes = layer.InboundNodes;
        if (nodes.Count > 0)
        {
            return SummaryTable.FormatShapes([.. nodes[^1].Outputs.Select(o => o.Shape)]);
        }
        bool knowsShape = SymbolicCall.DeclaresOutputShape(layer);
        return knowsShape && layer.OutputShape is Shape shape ? SummaryTable.FormatShape(shape) : "?";
    }
}
