using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Cross-entropy between integer class labels and predicted class probabilities or logits
/// (<c>keras.losses.SparseCategoricalCrossentropy</c>). For one-hot labels use <see cref="CategoricalCrossentropy"/>.
/// </summary>
/// <remarks>
/// <para>Labels are class ids stored as floats, of shape <c>(batch,)</c> or <c>(batch, 1)</c> (more generally the shape
/// of <c>yPred</c> without its last axis, optionally with a trailing 1). A label that is not an integer in
/// <c>[0, num_classes)</c> throws <see cref="ArgumentException"/> before anything is computed; <c>Fit</c> and
/// <c>Evaluate</c> check every label of <c>y</c> before their first step, naming its index in <c>y</c>.</para>
/// <para>With <see cref="IgnoreClass"/>, samples with that label contribute 0 and are left out of the
/// <c>"sum_over_batch_size"</c> average (the sum is divided by the number of kept samples), as in Keras.</para>
/// </remarks>
/// <example>
/// <code>
/// var scce = new SparseCategoricalCrossentropy();
/// var loss = scce.Compute(Tensor.FromArray(new float[] { 1, 2 }),
///                         Tensor.FromArray(new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }));   // 1.177
/// </code>
/// </example>
public sealed class SparseCategoricalCrossentropy : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether <c>yPred</c> holds logits rather than probabilities.</param>
    /// <param name="ignoreClass">A label value whose samples are ignored (e.g. -1 or 255 for "void" pixels), or null.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public SparseCategoricalCrossentropy(bool fromLogits = false, int? ignoreClass = null,
        string reduction = "sum_over_batch_size", string name = "sparse_categorical_crossentropy")
        : base(name, reduction, LossShapes.AsGiven, ("from_logits", fromLogits), ("ignore_class", ignoreClass))
    {
        FromLogits = fromLogits;
        IgnoreClass = ignoreClass;
    }

    /// <summary>Whether predictions are logits (Keras <c>from_logits</c>).</summary>
    public bool FromLogits { get; }

    /// <summary>The ignored label value, or null (Keras <c>ignore_class</c>).</summary>
    public int? IgnoreClass { get; }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var labels = PrepareLabels(yTrue, yPred);
        int numClasses = yPred.Shape[^1];
        ValidateLabels(labels, numClasses, yTrue.Shape, yPred.Shape);

        if (IgnoreClass is null)
        {
            return FromLogits
                ? Ops.SparseSoftmaxCrossEntropy(labels, yPred)
                : CrossEntropy.Categorical(Ops.OneHot(labels, numClasses), yPred, FromLogits, -1);
        }

        // Ignored samples get label 0 and a harmless prediction row (no 0/0), then a loss of exactly 0. The
        // prediction goes through Where, so ignored rows receive a zero gradient.
        var valid = ValidMask(labels);
        var safeLabels = Tensor.Empty(labels.Shape);
        for (int i = 0; i < safeLabels.Size; i++)
        {
            safeLabels.Data[i] = valid.Span[i] != 0f ? labels.Span[i] : 0f;
        }
        var validRows = Ops.Reshape(valid, valid.Shape.Append(1));
        var safePred = Ops.Where(validRows, yPred, Tensor.Scalar(1f));
        var losses = CrossEntropy.Categorical(Ops.OneHot(safeLabels, numClasses), safePred, FromLogits, -1);
        return Ops.Where(valid, losses, Tensor.Scalar(0f));
    }

    /// <inheritdoc/>
    private protected override Tensor? ComputeMask(Tensor yTrue, Tensor yPred) =>
        IgnoreClass is null ? null : ValidMask(PrepareLabels(yTrue, yPred));

    /// <summary>Squeezes a trailing label axis of 1 and checks the label shape against the predictions.</summary>
    private Tensor PrepareLabels(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yPred.Rank < 1)
        {
            throw new ArgumentException($"Argument `y_pred` of loss '{Name}' must be at least rank 1. Received: y_pred.shape={yPred.Shape}.");
        }
        var labels = yTrue;
        if (labels.Rank == yPred.Rank && labels.Shape[^1] == 1)
        {
            labels = Ops.Reshape(labels, LossUtils.DropLast(labels.Shape));
        }
        if (labels.Shape != LossUtils.DropLast(yPred.Shape))
        {
            throw new ArgumentException(
                $"Arguments `y_true` and `y_pred` of loss '{Name}' must have the same shape up until the last dimension: " +
                $"y_true.shape={yTrue.Shape}, y_pred.shape={yPred.Shape}.");
        }
        return labels;
    }

    private void ValidateLabels(Tensor labels, int numClasses, Shape trueShape, Shape predShape)
    {
        var span = labels.Span;
        int i = SparseLabels.FirstInvalid(span, numClasses, IgnoreClass);
        if (i < 0)
        {
            return;
        }
        int perSample = labels.Rank == 0 || labels.Shape[0] == 0 ? 1 : labels.Size / labels.Shape[0];
        throw new ArgumentException(
            $"{SparseLabels.Problem(span[i], numClasses)}. (loss '{Name}': sample {i / perSample} of y_true with shape {trueShape}; y_pred has shape {predShape}.)");
    }

    private Tensor ValidMask(Tensor labels)
    {
        float ignored = IgnoreClass!.Value;
        var mask = Tensor.Empty(labels.Shape);
        for (int i = 0; i < mask.Size; i++)
        {
            mask.Data[i] = labels.Span[i] == ignored ? 0f : 1f;
        }
        return mask;
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    /// <remarks>Recent Keras 3 versions write <c>axis</c>; only its default, −1, is supported.</remarks>
    /// <exception cref="ArgumentException">The config has an unknown key, or an <c>axis</c> other than −1.</exception>
    public static SparseCategoricalCrossentropy FromConfig(JsonObject config) =>
        LossConfig.Read(config, "sparse_categorical_crossentropy", static c => c.Int("axis", -1) == -1
            ? new SparseCategoricalCrossentropy(c.Bool("from_logits", false), c.NullableInt("ignore_class"), c.Reduction, c.Name)
            : throw new ArgumentException($"SparseCategoricalCrossentropy supports only axis=-1 (the last axis holds the classes). Received: axis={c.Int("axis", -1)}.", nameof(config)));
}
