using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Cross-entropy between binary labels (0 or 1) and predicted probabilities or logits
/// (<c>keras.losses.BinaryCrossentropy</c>), averaged over <see cref="Axis"/>.
/// </summary>
/// <remarks>
/// <para>From probabilities: <c>p = clip(p, 1e-7, 1 − 1e-7)</c>, <c>−(y·log p + (1 − y)·log(1 − p))</c>.
/// From logits (recommended with a linear last layer): the stable sigmoid cross-entropy.</para>
/// <para>Label smoothing replaces <c>y</c> by <c>y·(1 − s) + 0.5·s</c>.</para>
/// <para>Shapes: <c>yTrue</c> and <c>yPred</c> are <c>(batch, d0, …, dN)</c>; a <c>(batch,)</c> target with a
/// <c>(batch, 1)</c> prediction is aligned as in Keras. <see cref="Loss.Call"/> returns <c>(batch, d0, …, dN−1)</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// var bce = new BinaryCrossentropy(fromLogits: true);
/// var loss = bce.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                        Tensor.FromArray(new float[,] { { -18.6f, 0.51f }, { 2.94f, -12.8f } }));   // 0.8654
/// </code>
/// </example>
public sealed class BinaryCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether <c>yPred</c> holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Smoothing in [0, 1]; labels are squeezed towards 0.5.</param>
    /// <param name="axis">The axis the element losses are averaged over.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public BinaryCrossentropy(bool fromLogits = false, float labelSmoothing = 0f, int axis = -1,
        string reduction = "sum_over_batch_size", string name = "binary_crossentropy")
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

    /// <summary>The axis the element losses are averaged over (Keras <c>axis</c>).</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = LossUtils.AlignSameShape(yTrue, yPred, Name);
        if (LabelSmoothing != 0f)
        {
            t = Ops.Add(Ops.Multiply(t, Tensor.Scalar(1f - LabelSmoothing)), Tensor.Scalar(0.5f * LabelSmoothing));
        }
        return Ops.Mean(CrossEntropy.Binary(t, p, FromLogits), Axis);
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
    public static BinaryCrossentropy FromConfig(JsonObject config)
    {
        LossUtils.CheckKeys(config, nameof(BinaryCrossentropy), "name", "reduction", "from_logits", "label_smoothing", "axis");
        return new BinaryCrossentropy(
            LossUtils.GetBool(config, "from_logits", false),
            LossUtils.GetFloat(config, "label_smoothing", 0f),
            LossUtils.GetInt(config, "axis", -1),
            LossUtils.GetReduction(config),
            LossUtils.GetName(config, "binary_crossentropy"));
    }
}
