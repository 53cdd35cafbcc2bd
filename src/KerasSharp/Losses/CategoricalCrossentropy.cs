using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Cross-entropy between one-hot labels and predicted class probabilities or logits
/// (<c>keras.losses.CategoricalCrossentropy</c>, id <c>"categorical_crossentropy"</c>). For integer labels use
/// <see cref="SparseCategoricalCrossentropy"/>.
/// </summary>
/// <remarks>
/// <para>From probabilities: <c>p = p / Σp</c> over <see cref="CrossentropyLoss.Axis"/>, <c>clip(p, 1e-7, 1 − 1e-7)</c>,
/// <c>−Σ y·log p</c>. From logits: <c>−Σ y·log_softmax(z)</c>, computed stably.</para>
/// <para>Label smoothing replaces <c>y</c> by <c>y·(1 − s) + s / num_classes</c>, where <c>num_classes</c> is the
/// size of the class axis of <c>yPred</c> (as in Keras 3).</para>
/// <para>Shapes: <c>yTrue</c> and <c>yPred</c> are <c>(batch, num_classes)</c> (or more axes); <see cref="Loss.Call"/>
/// returns the shape without the class axis, e.g. <c>(batch,)</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// var cce = new CategoricalCrossentropy();
/// var loss = cce.Compute(Tensor.FromArray(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }),
///                        Tensor.FromArray(new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }));   // 1.177
/// </code>
/// </example>
public sealed class CategoricalCrossentropy : CrossentropyLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether <c>yPred</c> holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Smoothing in [0, 1]: targets become <c>1 − s + s/n</c> and non-targets <c>s/n</c>.</param>
    /// <param name="axis">The class axis.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is not in [0, 1].</exception>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0, int axis = -1,
        string reduction = "sum_over_batch_size", string name = "categorical_crossentropy")
        : base(name, reduction, fromLogits, labelSmoothing, axis)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        LossUtils.RequireClassAxis(yTrue, yPred, Name);
        return CrossEntropy.Categorical(LossUtils.SmoothCategoricalLabels(yTrue, yPred, Smoothing, Axis), yPred, FromLogits, Axis);
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static CategoricalCrossentropy FromConfig(JsonObject config) =>
        LossConfig.Read(config, "categorical_crossentropy", static c => new CategoricalCrossentropy(
            c.Bool("from_logits", false), c.Double("label_smoothing", 0.0), c.Int("axis", -1), c.Reduction, c.Name));
}
