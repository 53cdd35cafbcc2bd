using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Mean squared logarithmic error over the last axis (<c>keras.losses.MeanSquaredLogarithmicError</c>, ids <c>"mean_squared_logarithmic_error"</c>, <c>"msle"</c>).</summary>
/// <remarks>
/// <c>loss = mean(square(log(max(yPred, 1e-7) + 1) − log(max(yTrue, 1e-7) + 1)), axis=−1)</c>: values below 1e-7
/// are raised to it, as in Keras. Shapes as for <see cref="MeanSquaredError"/>.
/// </remarks>
/// <example>
/// <code>
/// var msle = new MeanSquaredLogarithmicError();
/// var loss = msle.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                         Tensor.FromArray(new float[,] { { 1, 1 }, { 1, 0 } }));   // 0.2402 = ln(2)² / 2
/// </code>
/// </example>
public sealed class MeanSquaredLogarithmicError : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public MeanSquaredLogarithmicError(string reduction = "sum_over_batch_size", string name = "mean_squared_logarithmic_error")
        : base(name, reduction, LossShapes.Broadcastable)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var epsilon = Tensor.Scalar(Keras.Epsilon);
        var one = Tensor.Scalar(1f);
        var first = Ops.Log(Ops.Add(Ops.Maximum(yPred, epsilon), one));
        var second = Ops.Log(Ops.Add(Ops.Maximum(yTrue, epsilon), one));
        return Ops.Mean(Ops.Square(Ops.Subtract(first, second)), -1);
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static MeanSquaredLogarithmicError FromConfig(JsonObject config) =>
        LossConfig.Read(config, "mean_squared_logarithmic_error", static c => new MeanSquaredLogarithmicError(c.Reduction, c.Name));
}
