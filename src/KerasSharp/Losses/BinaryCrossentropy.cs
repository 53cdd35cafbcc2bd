using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Cross-entropy between binary labels (0 or 1) and predicted probabilities or logits
/// (<c>keras.losses.BinaryCrossentropy</c>, ids <c>"binary_crossentropy"</c>, <c>"bce"</c>), averaged over
/// <see cref="CrossentropyLoss.Axis"/>.
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
public sealed class BinaryCrossentropy : CrossentropyLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether <c>yPred</c> holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Smoothing in [0, 1]; labels are squeezed towards 0.5.</param>
    /// <param name="axis">The axis the element losses are averaged over.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is not in [0, 1].</exception>
    public BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0, int axis = -1,
        string reduction = "sum_over_batch_size", string name = "binary_crossentropy")
        : base(name, reduction, fromLogits, labelSmoothing, axis)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred) =>
        Ops.Mean(CrossEntropy.Binary(LossUtils.SmoothBinaryLabels(yTrue, Smoothing), yPred, FromLogits), Axis);

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static BinaryCrossentropy FromConfig(JsonObject config) =>
        LossConfig.Read(config, "binary_crossentropy", static c => new BinaryCrossentropy(
            c.Bool("from_logits", false), c.Double("label_smoothing", 0.0), c.Int("axis", -1), c.Reduction, c.Name));
}
