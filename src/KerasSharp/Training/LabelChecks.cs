using System.Text;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;

namespace KerasSharp.Training;

/// <summary>
/// Checks the class ids of a sparse categorical loss over the user's whole <c>y</c>, once, before the first step of
/// <c>Fit</c> or <c>Evaluate</c>: a bad label fails before any weight changes, and the message names its index in the
/// user's array (a per-batch check could only name a row of a shuffled batch).
/// </summary>
/// <remarks>
/// The number of classes is the size of the model's last output axis. For a <see cref="Sequential"/> model of
/// KerasSharp's own layers it comes from the output shape (building the model for <c>x</c> if needed, as its first
/// step would), for a Functional model of them from its outputs' symbolic shapes; for any other model from an
/// inference forward of the first batch, which changes no weight. A model
/// that overrides the step or the loss computation may use <c>y</c> its own way, so only the loss's per-batch check
/// applies to it.
/// </remarks>
internal static class LabelChecks
{
    /// <summary>How many invalid labels the message lists.</summary>
    private const int Listed = 5;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when a class id of a target is invalid for its output's loss (each
    /// output with a sparse categorical loss is checked against its own number of classes).
    /// </summary>
    /// <param name="model">The compiled model.</param>
    /// <param name="data">The inputs (for the output shapes) and targets, as matched to the model; the targets' labels name them in the message.</param>
    /// <param name="batchSize">The batch size (rows of the forward, when one is needed).</param>
    /// <param name="training">Whether the labels feed <c>TrainStep</c> (else <c>TestStep</c>).</param>
    public static void SparseClassIds(Model model, ModelData data, int batchSize, bool training)
    {
        var losses = model.CompiledLossState;
        bool any = false;
        for (int o = 0; o < losses.Outputs; o++)
        {
            any |= losses[o] is SparseCategoricalCrossentropy && data.Y![o] is not null;
        }
        if (!any || OverridesStep(model, training))
        {
            return;
        }
        var outputs = OutputShapes(model, data, batchSize);
        for (int o = 0; o < losses.Outputs; o++)
        {
            if (losses[o] is not SparseCategoricalCrossentropy loss || data.Y![o] is not { } y || o >= outputs.Length
                || outputs[o] is not Shape output || !LabelsFit(y.Shape, output))
            {
                continue;   // the loss reports the shapes on the first step
            }
            int first = SparseLabels.FirstInvalid(y.Span, output[^1], loss.IgnoreClass);
            if (first >= 0)
            {
                throw new ArgumentException(Message(y, first, output, data.YLabels![o], loss));
            }
        }
    }

    private static bool OverridesStep(Model model, bool training)
    {
        var type = model.GetType();
        string step = training ? nameof(Model.TrainStep) : nameof(Model.TestStep);
        return Declarer(type, step, typeof(Tensor), typeof(Tensor), typeof(Tensor)) != typeof(Model)
            || Declarer(type, step, typeof(Tensors), typeof(Tensors), typeof(Tensors?)) != typeof(Model)
            || Declarer(type, nameof(Model.ComputeLoss), typeof(Tensor), typeof(Tensor), typeof(Tensor)) != typeof(Model)
            || Declarer(type, nameof(Model.ComputeLoss), typeof(Tensors), typeof(Tensors), typeof(Tensors?)) != typeof(Model);
    }

    private static Type? Declarer(Type type, string method, params Type[] parameters) => type.GetMethod(method, parameters)?.DeclaringType;

    /// <summary>
    /// The model's output shapes for the inputs (null for an output with none to speak of: no layers, a scalar): a
    /// <see cref="Sequential"/> model of the library's layers from its output shape, a Functional one from its outputs'
    /// symbolic shapes, any other model from an inference forward of the first batch.
    /// </summary>
    private static Shape?[] OutputShapes(Model model, ModelData data, int batchSize)
    {
        static Shape? Useful(Shape shape) => shape.Rank > 0 && shape[^1] > 0 ? shape : (Shape?)null;
        var x = data.X;
        if (model is Sequential sequential && IsOwn(sequential) && x.Length == 1)
        {
            if (sequential.Layers.Count == 0)
            {
                return [null];   // its first step reports that it has no layers
            }
            if (!model.Built)
            {
                // as the first step would: a batch whose outputs cannot exist fails before any weight is created
                model.CheckOutputFits(x[0].Shape.WithBatch(Math.Min(batchSize, x[0].Shape[0])));
                model.EnsureBuilt(x[0].Shape.WithBatch(-1));
            }
            return [Useful(model.OutputShape!.Value)];
        }
        if (model.IsFunctional && IsOwn(model))
        {
            // a graph of the library's layers: the outputs' symbolic shapes are what its layers compute
            var symbolic = model.Outputs;
            var shapes = new Shape?[symbolic.Count];
            for (int o = 0; o < shapes.Length; o++)
            {
                shapes[o] = Useful(symbolic[o].Shape);
            }
            return shapes;
        }
        int rows = Math.Min(batchSize, data.Samples);
        var first = Array.ConvertAll(x, t => rows == t.Shape[0] ? t : t.ViewRows(0, rows));
        using (TensorArena.Step())
        {
            var outputs = first.Length == 1 && data.Y!.Length == 1
                ? [model.Apply(first[0], training: false)]
                : model.ApplyMany(first, training: false);
            return [.. outputs.Select(t => Useful(t.Shape))];
        }
    }

    /// <summary>Whether the model and every layer in it are KerasSharp's own, so its output shape is what its layers compute.</summary>
    private static bool IsOwn(Model model)
    {
        var library = typeof(Model).Assembly;
        foreach (var layer in model.Layers)
        {
            if (layer.GetType().Assembly != library || (layer is Model inner && !IsOwn(inner)))
            {
                return false;
            }
        }
        return model.GetType().Assembly == library;
    }

    /// <summary>
    /// Whether labels of <paramref name="labels"/>'s shape go with outputs of <paramref name="output"/>'s shape (the
    /// output without its class axis, optionally with a trailing 1); if not, the loss reports the shapes on the first step.
    /// </summary>
    private static bool LabelsFit(Shape labels, Shape output)
    {
        var l = labels.Dims[1..];
        var o = output.Dims[1..^1];
        if (l.Length == o.Length + 1 && l[^1] == 1)
        {
            l = l[..^1];
        }
        if (l.Length != o.Length)
        {
            return false;
        }
        for (int i = 0; i < l.Length; i++)
        {
            if (o[i] >= 0 && o[i] != l[i])
            {
                return false;
            }
        }
        return true;
    }

    private static string Message(Tensor y, int first, Shape output, string name, SparseCategoricalCrossentropy loss)
    {
        var labels = y.Span;
        int classes = output[^1];
        int perSample = y.Size / y.Shape[0];
        var message = new StringBuilder()
            .Append(SparseLabels.Problem(labels[first], classes))
            .Append(": index ").Append(first / perSample).Append(" of ").Append(name).Append('.');
        message.Append($" Loss '{loss.Name}' expects integer class ids from 0 to {classes - 1}, one per unit of the model's last output axis (output shape {output}).");
        int invalid = 0;
        var listed = new List<string>();
        for (int i = first; i >= 0; i = SparseLabels.FirstInvalid(labels, classes, loss.IgnoreClass, i + 1))
        {
            if (invalid++ < Listed)
            {
                listed.Add($"{name}{Position(y.Shape, i)} = {labels[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }
        message.Append($" Invalid labels ({invalid} of {labels.Length}): {string.Join(", ", listed)}{(invalid > Listed ? ", …" : "")}.");
        return message.ToString();
    }

    /// <summary>The index of flat position <paramref name="flat"/> in a tensor of <paramref name="shape"/>, as <c>[12]</c> or <c>[12, 0]</c>.</summary>
    private static string Position(Shape shape, int flat)
    {
        var index = new int[shape.Rank];
        for (int axis = shape.Rank - 1; axis >= 0; axis--)
        {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return $"[{string.Join(", ", index)}]";
    }
}
