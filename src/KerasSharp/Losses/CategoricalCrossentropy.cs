using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Cross-entropy between one-hot labels and predicted class probabilities or logits
/// (<c>keras.losses.CategoricalCrossentropy</c>). For integer labels use <see cref="SparseCategoricalCrossentropy"/>.
/// </summary>
/// <remarks>
/// <para>From probabilities: <c>p = p / Σp</c> over <see cref="Axis"/>, <c>clip(p, 1e-7, 1 − 1e-7)</c>,
/// <c>−Σ y·log p</c>. From logits: <c>−Σ y·log_softmax(z)</c>, computed stably.</para>
/// <para>Label smoothing replaces <c>y</c> by <c>y·(1 − s) + s / num_classes</c>, where <c>num_classes</c> is the
/// size of the last axis of <c>yTrue</c> (as in Keras).</para>
/// <para>Shapes: <c>yTrue</c> and <c>yPred</c> are <c>(batch, num_classes)</c> (or more axes); <see cref="Loss.Call"/>
/// returns the shape without <see cref="Axis"/>, e.g. <c>(batch,)</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// var cce = new CategoricalCrossentropy();
/// var loss = cce.Compute(Tensor.FromArray(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }),
///                        Tensor.FromArray(new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }));   // 1.177
/// </code>
/// </example>
public sealed class CategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether <c>yPred</c> holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Smoothing in [0, 1]: targets become <c>1 − s + s/n</c> and non-targets <c>s/n</c>.</param>
    /// <param name="axis">The class axis.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public CategoricalCrossentropy(bool fromLogits = false, float labelSmoothing = 0f, int axis = -1,
        string reduction = "sum_over_batch_size", string name = "categorical_crossentropy")
        : base(name, reduction)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing,
                $"Invalid value for argument `label_smoothing` of {name}: expected a float in [0, 1]. Received: label_smoothing={labelSmoothing}");
        }
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
        Axis = axis;
    }

    /// <summary>Whether predictions are logits (Keras <c>from_logits</c>).</summary>
    public bool FromLogits { get; }

    /// <summary>The label smoothing (Keras <c>label_smoothing</c>).</summary>
    public float LabelSmoothing { get; }

    /// <summary>The class axis (Keras <c>axis</c>).</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = LossUtils.AlignSameShape(yTrue, yPred, Name);
        if (p.Rank == 0)
        {
            throw new ArgumentException(
                $"Arguments `y_true` and `y_pred` of loss '{Name}' must be at least rank 1. Received: y_true.shape={yTrue.Shape}, y_pred.shape={yPred.Shape}.");
        }
        if (LabelSmoothing != 0f)
        {
            float numClasses = t.Shape[^1];
            t = Ops.Add(Ops.Multiply(t, Tensor.Scalar(1f - LabelSmoothing)), Tensor.Scalar(LabelSmoothing / numClasses));
        }
        return CrossEntropy.Categorical(t, p, FromLogits, Axis);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Recreates the loss from <see cref="GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static CategoricalCrossentropy FromConfig(JsonObject config)
    {
        LossUtils.CheckKeys(config, nameof(CategoricalCrossentropy), "name", "reduction", "from_logits", "label_smoothing", "axis");
        return new CategoricalCrossentropy(
            LossUtils.GetBool(config, "from_logits", false),
            LossUtils.GetFloat(config, "label_smoothing", 0f),
            LossUtils.GetInt(config, "axis", -1),
            LossUtils.GetReduction(config),
            LossUtils.GetName(config, "categorical_crossentropy"));
    }
}
