using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Dice loss, one minus the Dice coefficient of targets and predictions (<c>keras.losses.Dice</c>, id
/// <c>"dice"</c>), for segmentation masks.
/// </summary>
/// <remarks>
/// <c>loss = 1 − 2·Σ yTrue·yPred / (Σ yTrue + Σ yPred + 1e-7)</c>, the sums over <see cref="Axis"/>. With the default
/// null the sums run over every axis, batch included, so <see cref="Loss.Call"/> returns one value for the whole
/// batch; pass e.g. <c>axis: [1, 2, 3]</c> for one value per image of a <c>(batch, height, width, channels)</c> mask.
/// </remarks>
/// <example>
/// <code>
/// var dice = new Dice(reduction: "none", axis: [1, 2, 3]);
/// var yTrue = Tensor.FromArray(new float[] { 1, 1, 0, 0, 1, 1, 0, 0 }, 2, 2, 2, 1);
/// var yPred = Tensor.FromArray(new float[] { 0, 1, 0, 1, 0.4f, 0, 0, 0.9f }, 2, 2, 2, 1);
/// var values = dice.Compute(yTrue, yPred);   // [0.5, 0.75757575]
/// </code>
/// </example>
public sealed class Dice : FormulaLoss
{
    private readonly int[]? _axis;

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    /// <param name="axis">The axes the sums run over; null (the default) for all of them.</param>
    public Dice(string reduction = "sum_over_batch_size", string name = "dice", int[]? axis = null)
        : base(name, reduction, LossShapes.Broadcastable, ("axis", LossUtils.AxesNode(axis)))
    {
        _axis = axis is null ? null : [.. axis];
    }

    /// <summary>The axes the sums run over, or null for all (Keras <c>axis</c>).</summary>
    public IReadOnlyList<int>? Axis => _axis;

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var intersection = Ops.Sum(Ops.Multiply(yTrue, yPred), _axis);
        var total = Ops.Add(Ops.Add(Ops.Sum(yTrue, _axis), Ops.Sum(yPred, _axis)), Tensor.Scalar(Keras.Epsilon));
        var dice = Ops.Divide(Ops.Multiply(Tensor.Scalar(2f), intersection), total);
        return Ops.Subtract(Tensor.Scalar(1f), dice);
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static Dice FromConfig(JsonObject config) =>
        LossConfig.Read(config, "dice", static c => new Dice(c.Reduction, c.Name, c.Axes("axis")));
}
