using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Tversky loss (<c>keras.losses.Tversky</c>, id <c>"tversky"</c>), a Dice loss that weighs false positives by
/// <see cref="Alpha"/> and false negatives by <see cref="Beta"/>, for segmentation masks (Salehi et al., 2017).
/// </summary>
/// <remarks>
/// With <c>tp = Σ yTrue·yPred</c>, <c>fp = Σ (1 − yTrue)·yPred</c> and <c>fn = Σ yTrue·(1 − yPred)</c> over
/// <see cref="Axis"/>: <c>loss = 1 − tp / (tp + alpha·fp + beta·fn + 1e-7)</c>. <c>alpha = beta = 0.5</c> is the
/// Dice loss. With the default null axis the sums run over every axis, batch included (see <see cref="Dice"/>).
/// </remarks>
/// <example>
/// <code>
/// var tversky = new Tversky(alpha: 0.3, beta: 0.7, axis: [1]);
/// var loss = tversky.Compute(Tensor.FromArray(new float[,] { { 1, 1, 0, 0 } }),
///                            Tensor.FromArray(new float[,] { { 1, 0, 1, 0 } }));   // 1 − 1 / (1 + 0.3 + 0.7) = 0.5
/// </code>
/// </example>
public sealed class Tversky : FormulaLoss
{
    private readonly int[]? _axis;
    private readonly float _alpha;
    private readonly float _beta;

    /// <summary>Creates the loss.</summary>
    /// <param name="alpha">The weight of false positives.</param>
    /// <param name="beta">The weight of false negatives.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    /// <param name="axis">The axes the sums run over; null (the default) for all of them.</param>
    public Tversky(double alpha = 0.5, double beta = 0.5, string reduction = "sum_over_batch_size", string name = "tversky", int[]? axis = null)
        : base(name, reduction, LossShapes.Broadcastable, ("alpha", alpha), ("beta", beta), ("axis", LossUtils.AxesNode(axis)))
    {
        Alpha = alpha;
        Beta = beta;
        _alpha = (float)alpha;
        _beta = (float)beta;
        _axis = axis is null ? null : [.. axis];
    }

    /// <summary>The weight of false positives (Keras <c>alpha</c>).</summary>
    public double Alpha { get; }

    /// <summary>The weight of false negatives (Keras <c>beta</c>).</summary>
    public double Beta { get; }

    /// <summary>The axes the sums run over, or null for all (Keras <c>axis</c>).</summary>
    public IReadOnlyList<int>? Axis => _axis;

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var one = Tensor.Scalar(1f);
        var tp = Ops.Sum(Ops.Multiply(yPred, yTrue), _axis);
        var fp = Ops.Sum(Ops.Multiply(Ops.Subtract(one, yTrue), yPred), _axis);
        var fn = Ops.Sum(Ops.Multiply(yTrue, Ops.Subtract(one, yPred)), _axis);
        var denominator = Ops.Add(Ops.Add(Ops.Add(tp, Ops.Multiply(fp, Tensor.Scalar(_alpha))), Ops.Multiply(fn, Tensor.Scalar(_beta))),
            Tensor.Scalar(Keras.Epsilon));
        return Ops.Subtract(one, Ops.Divide(tp, denominator));
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static Tversky FromConfig(JsonObject config) =>
        LossConfig.Read(config, "tversky", static c => new Tversky(c.Double("alpha", 0.5), c.Double("beta", 0.5), c.Reduction, c.Name, c.Axes("axis")));
}
