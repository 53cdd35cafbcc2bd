using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Alpha-balanced focal cross-entropy between one-hot labels and predicted class probabilities or logits
/// (<c>keras.losses.CategoricalFocalCrossentropy</c>, id <c>"categorical_focal_crossentropy"</c>): categorical
/// cross-entropy scaled down for easy examples.
/// </summary>
/// <remarks>
/// <para>With <c>p</c> the class probabilities (<c>softmax(yPred)</c> from logits), normalized to sum to 1 over
/// <see cref="CrossentropyLoss.Axis"/> and clipped to <c>[1e-7, 1 − 1e-7]</c>, and <c>y</c> the labels after smoothing
/// (<c>y·(1 − s) + s / num_classes</c>): <c>loss = Σ alpha·(1 − p)^gamma·(−y·log p)</c> over the class axis.</para>
/// <para>Shapes as for <see cref="CategoricalCrossentropy"/>.</para>
/// </remarks>
/// <example>
/// <code>
/// var focal = new CategoricalFocalCrossentropy();
/// var loss = focal.Compute(Tensor.FromArray(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }),
///                          Tensor.FromArray(new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }));   // 0.23315276
/// </code>
/// </example>
public sealed class CategoricalFocalCrossentropy : FocalCrossentropyLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="alpha">The weight of every class (default 0.25, as in Lin et al., 2018).</param>
    /// <param name="gamma">The focusing parameter of the modulating factor (default 2).</param>
    /// <param name="fromLogits">Whether <c>yPred</c> holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Smoothing in [0, 1]: targets become <c>1 − s + s/n</c> and non-targets <c>s/n</c>.</param>
    /// <param name="axis">The class axis.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is not in [0, 1].</exception>
    public CategoricalFocalCrossentropy(double alpha = 0.25, double gamma = 2.0, bool fromLogits = false,
        double labelSmoothing = 0.0, int axis = -1,
        string reduction = "sum_over_batch_size", string name = "categorical_focal_crossentropy")
        : base(name, reduction, fromLogits, labelSmoothing, axis, alpha, gamma)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        LossUtils.RequireClassAxis(yTrue, yPred, Name);
        var y = LossUtils.SmoothCategoricalLabels(yTrue, yPred, Smoothing, Axis);
        var p = FromLogits ? Ops.Softmax(yPred, Axis) : yPred;
        p = Ops.Clip(Ops.Divide(p, Ops.Sum(p, Axis, keepDims: true)), Keras.Epsilon, 1f - Keras.Epsilon);
        var crossEntropy = Ops.Negative(Ops.Multiply(y, Ops.Log(p)));
        var weight = Ops.Multiply(Ops.Power(Ops.Subtract(Tensor.Scalar(1f), p), GammaValue), Tensor.Scalar(AlphaValue));
        return Ops.Sum(Ops.Multiply(weight, crossEntropy), Axis);
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static CategoricalFocalCrossentropy FromConfig(JsonObject config) =>
        LossConfig.Read(config, "categorical_focal_crossentropy", static c => new CategoricalFocalCrossentropy(
            c.Double("alpha", 0.25), c.Double("gamma", 2.0), c.Bool("from_logits", false), c.Double("label_smoothing", 0.0),
            c.Int("axis", -1), c.Reduction, c.Name));
}
