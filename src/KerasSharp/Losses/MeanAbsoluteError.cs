using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Mean of the absolute errors over the last axis (<c>keras.losses.MeanAbsoluteError</c>, id <c>"mae"</c>).</summary>
/// <remarks>
/// <c>loss = mean(abs(yTrue − yPred), axis=−1)</c>; the gradient of <c>|x|</c> at 0 is 0. Shapes as for
/// <see cref="MeanSquaredError"/>.
/// </remarks>
/// <example>
/// <code>
/// var mae = new MeanAbsoluteError();
/// var loss = mae.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                        Tensor.FromArray(new float[,] { { 1, 1 }, { 1, 0 } }));   // 0.5
/// </code>
/// </example>
public sealed class MeanAbsoluteError : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public MeanAbsoluteError(string reduction = "sum_over_batch_size", string name = "mean_absolute_error")
        : base(name, reduction, LossShapes.Broadcastable)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Abs(Ops.Subtract(yTrue, yPred)), -1);

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static MeanAbsoluteError FromConfig(JsonObject config) =>
        LossConfig.Read(config, "mean_absolute_error", static c => new MeanAbsoluteError(c.Reduction, c.Name));
}
