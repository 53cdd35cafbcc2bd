using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Mean of the squared errors over the last axis (<c>keras.losses.MeanSquaredError</c>, id <c>"mse"</c>).</summary>
/// <remarks>
/// <c>loss = mean(square(yTrue − yPred), axis=−1)</c>. Shapes: <c>yTrue</c> and <c>yPred</c> are
/// <c>(batch, d0, …, dN)</c>; a <c>(batch,)</c> target with a <c>(batch, 1)</c> prediction is aligned as in Keras,
/// and otherwise the two broadcast as in Keras (e.g. a <c>(1,)</c> target against a <c>(1, 10)</c> prediction).
/// <see cref="Loss.Call"/> returns the broadcast shape without its last axis, e.g. <c>(batch, d0, …, dN−1)</c>.
/// </remarks>
/// <example>
/// <code>
/// var mse = new MeanSquaredError();
/// var loss = mse.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                        Tensor.FromArray(new float[,] { { 1, 1 }, { 1, 0 } }));   // 0.5
/// </code>
/// </example>
public sealed class MeanSquaredError : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public MeanSquaredError(string reduction = "sum_over_batch_size", string name = "mean_squared_error")
        : base(name, reduction, LossShapes.Broadcastable)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Square(Ops.Subtract(yTrue, yPred)), -1);

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static MeanSquaredError FromConfig(JsonObject config) =>
        LossConfig.Read(config, "mean_squared_error", static c => new MeanSquaredError(c.Reduction, c.Name));
}
