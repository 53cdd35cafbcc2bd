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
/// step would); for any other model from an inference forward of the first batch, which changes no weight. A model
/// that overrides the step or the loss computation may use <c>y</c> its own way, so only the loss's per-batch check
/// applies to it.
/// </remarks>
internal static class LabelChecks
{
    /// <summary>How many invalid labels the message lists.</summary>
    private const int Listed = 5;

    /// <summary>Throws <see cref="ArgumentException"/> when a class id of <paramref name="y"/> is invalid for the model's loss.</summary>
    /// <param name="model">The compiled model.</param>
    /// <param name="x">The inputs (for the output shape).</param>
    /// <param name="y">The targets, as the user passed them.</param>
    /// <param name="batchSize">The batch size (rows of the forward, when one is needed).</param>
    /// <param name="name">How the message names <paramref name="y"/>, e.g. <c>y</c> or <c>validationData.y</c>.</param>
    /// <param name="training">Whether the labels feed <c>TrainStep</c> (else <c>TestStep</c>).</param>
    public static void SparseClassIds(Model model, Tensor x, Tensor y, int batchSize, string name, bool training)
    {
        if (model.Loss is not SparseCategoricalCrossentropy loss || OverridesStep(model, training))
        {
            return;
        }
        if (OutputShape(model, x, batchSize) is not Shape output || !LabelsFit(y.Shape, output))
        {
            return;   // the loss reports the shapes on the first step
        }
        int first = SparseLabels.FirstInvalid(y.Span, output[^1], loss.IgnoreClass);
        if (first >= 0)
        {
            throw new ArgumentException(Message(y, first, output, name, loss));
        }
    }

    private static bool OverridesStep(Model model, bool training)
    {
        var type = model.GetType();
        return Declarer(type, training ? nameof(Model.TrainStep) : nameof(Model.TestStep)) != typeof(Model)
            || Declarer(type, nameof(Model.ComputeLoss)) != typeof(Model);
    }

    private static Type? Declarer(Type type, string method) => type.GetMethod(method)?.DeclaringType;

    /// <summary>The model's output shape for <paramref name="x"/>, or null when it has none to speak of (no layers, scalar).</summary>
    private static Shape? OutputShape(Model model, Tensor x, int batchSize)
    {
        Shape output;
        if (model is Sequential sequential && IsOwn(sequential))
        {
            if (sequential.Layers.Count == 0)
            {
                return null;   // its first step reports that it has no layers
            }
            if (!model.Built)
            {
                // as the first step would: a batch whose outputs cannot exist fails before any weight is created
                model.CheckOutputFits(x.Shape.WithBatch(Math.Min(batchSize, x.Shape[0])));
                model.EnsureBuilt(x.Shape.WithBatch(-1));
            }
            output = model.OutputShape!.Value;
        }
        else
        {
            int rows = Math.Min(batchSize, x.Shape[0]);
            using (TensorArena.Step())
            {
                output = model.Apply(rows == x.Shape[0] ? x : x.ViewRows(0, rows), training: false).Shape;
            }
        }
        return output.Rank > 0 && output[^1] > 0 ? output : (Shape?)null;
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
