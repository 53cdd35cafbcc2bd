using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Mean absolute percentage error over the last axis (<c>keras.losses.MeanAbsolutePercentageError</c>, ids <c>"mean_absolute_percentage_error"</c>, <c>"mape"</c>).</summary>
/// <remarks>
/// <c>loss = 100 · mean(|yTrue − yPred| / max(|yTrue|, 1e-7), axis=−1)</c>: the divisor is kept away from 0 as in
/// Keras. Shapes as for <see cref="MeanSquaredError"/>.
/// </remarks>
/// <example>
/// <code>
/// var mape = new MeanAbsolutePercentageError();
/// var loss = mape.Compute(Tensor.FromArray(new float[] { 100, 200, 300 }),
///                         Tensor.FromArray(new float[] { 90, 210, 310 }));   // 6.111111
/// </code>
/// </example>
public sealed class MeanAbsolutePercentageError : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public MeanAbsolutePercentageError(string reduction = "sum_over_batch_size", string name = "mean_absolute_percentage_error")
        : base(name, reduction, LossShapes.Broadcastable)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var diff = Ops.Abs(Ops.Divide(Ops.Subtract(yTrue, yPred), Ops.Maximum(Ops.Abs(yTrue), Tensor.Scalar(Keras.Epsilon))));
        return Ops.Multiply(Tensor.Scalar(100f), Ops.Mean(diff, -1));
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static MeanAbsolutePercentageError FromConfig(JsonObject config) =>
        LossConfig.Read(config, "mean_absolute_percentage_error", static c => new MeanAbsolutePercentageError(c.Reduction, c.Name));
}
