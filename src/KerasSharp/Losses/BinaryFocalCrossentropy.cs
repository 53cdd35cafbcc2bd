using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Focal cross-entropy between binary labels and predicted probabilities or logits
/// (<c>keras.losses.BinaryFocalCrossentropy</c>, id <c>"binary_focal_crossentropy"</c>), averaged over
/// <see cref="CrossentropyLoss.Axis"/>: binary cross-entropy scaled down for easy examples.
/// </summary>
/// <remarks>
/// <para>With <c>p</c> the probability (<c>sigmoid(yPred)</c> from logits) and <c>y</c> the label after smoothing
/// (<c>y·(1 − s) + 0.5·s</c>): <c>p_t = y·p + (1 − y)·(1 − p)</c> and
/// <c>loss = mean((1 − p_t)^gamma · bce(y, p), axis)</c>, where <c>bce</c> clips <c>p</c> to
/// <c>[1e-7, 1 − 1e-7]</c>. With <see cref="ApplyClassBalancing"/> each term is also weighted by
/// <c>alpha</c> for class 1 and <c>1 − alpha</c> for class 0. <c>gamma = 0</c> gives binary cross-entropy.</para>
/// <para>Shapes as for <see cref="BinaryCrossentropy"/>.</para>
/// </remarks>
/// <example>
/// <code>
/// var focal = new BinaryFocalCrossentropy(gamma: 2, fromLogits: true);
/// var loss = focal.Compute(Tensor.FromArray(new float[] { 0, 1, 0, 0 }),
///                          Tensor.FromArray(new float[] { -18.6f, 0.51f, 2.94f, -12.8f }));   // 0.691
/// </code>
/// </example>
public sealed class BinaryFocalCrossentropy : FocalCrossentropyLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="applyClassBalancing">Whether to weight class 1 by <paramref name="alpha"/> and class 0 by <c>1 − alpha</c>.</param>
    /// <param name="alpha">The weight of class 1 when balancing (default 0.25, as in Lin et al., 2018).</param>
    /// <param name="gamma">The focusing parameter of the focal factor (default 2).</param>
    /// <param name="fromLogits">Whether <c>yPred</c> holds logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Smoothing in [0, 1]; labels are squeezed towards 0.5.</param>
    /// <param name="axis">The axis the element losses are averaged over.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is not in [0, 1].</exception>
    public BinaryFocalCrossentropy(bool applyClassBalancing = false, double alpha = 0.25, double gamma = 2.0,
        bool fromLogits = false, double labelSmoothing = 0.0, int axis = -1,
        string reduction = "sum_over_batch_size", string name = "binary_focal_crossentropy")
        : base(name, reduction, fromLogits, labelSmoothing, axis, alpha, gamma, ("apply_class_balancing", applyClassBalancing))
    {
        ApplyClassBalancing = applyClassBalancing;
    }

    /// <summary>Whether class 1 is weighted by <see cref="FocalCrossentropyLoss.Alpha"/> and class 0 by <c>1 − alpha</c> (Keras <c>apply_class_balancing</c>).</summary>
    public bool ApplyClassBalancing { get; }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var y = LossUtils.SmoothBinaryLabels(yTrue, Smoothing);
        var p = FromLogits ? Ops.Sigmoid(yPred) : yPred;
        var loss = CrossEntropy.Binary(y, p, fromLogits: false);
        var one = Tensor.Scalar(1f);
        var notY = Ops.Subtract(one, y);
        if (GammaValue != 0f)
        {
            // 1 − p_t = 1 − (y·p + (1 − y)·(1 − p))
            var pt = Ops.Add(Ops.Multiply(y, p), Ops.Multiply(notY, Ops.Subtract(one, p)));
            loss = Ops.Multiply(Ops.Power(Ops.Subtract(one, pt), GammaValue), loss);
        }
        if (ApplyClassBalancing)
        {
            var weight = Ops.Add(Ops.Multiply(y, Tensor.Scalar(AlphaValue)), Ops.Multiply(notY, Tensor.Scalar(1f - AlphaValue)));
            loss = Ops.Multiply(weight, loss);
        }
        return Ops.Mean(loss, Axis);
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static BinaryFocalCrossentropy FromConfig(JsonObject config) =>
        LossConfig.Read(config, "binary_focal_crossentropy", static c => new BinaryFocalCrossentropy(
            c.Bool("apply_class_balancing", false), c.Double("alpha", 0.25), c.Double("gamma", 2.0),
            c.Bool("from_logits", false), c.Double("label_smoothing", 0.0), c.Int("axis", -1), c.Reduction, c.Name));
}
