using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Logarithm of the hyperbolic cosine of the prediction error, averaged over the last axis (<c>keras.losses.LogCosh</c>, ids <c>"log_cosh"</c>, <c>"logcosh"</c>).</summary>
/// <remarks>
/// With <c>x = yPred − yTrue</c>: <c>log(cosh(x))</c>, computed stably as <c>x + softplus(−2x) − log 2</c>, then
/// <c>mean(…, axis=−1)</c>. It is about <c>x²/2</c> for small errors and <c>|x| − log 2</c> for large ones.
/// Shapes as for <see cref="MeanSquaredError"/>.
/// </remarks>
/// <example>
/// <code>
/// var logCosh = new LogCosh();
/// var loss = logCosh.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                            Tensor.FromArray(new float[,] { { 1, 1 }, { 0, 0 } }));   // 0.108
/// </code>
/// </example>
public sealed class LogCosh : FormulaLoss
{
    private static readonly float Ln2 = MathF.Log(2f);

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public LogCosh(string reduction = "sum_over_batch_size", string name = "log_cosh")
        : base(name, reduction, LossShapes.Broadcastable)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var x = Ops.Subtract(yPred, yTrue);
        var logCosh = Ops.Subtract(Ops.Add(x, Ops.Softplus(Ops.Multiply(x, Tensor.Scalar(-2f)))), Tensor.Scalar(Ln2));
        return Ops.Mean(logCosh, -1);
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static LogCosh FromConfig(JsonObject config) =>
        LossConfig.Read(config, "log_cosh", static c => new LogCosh(c.Reduction, c.Name));
}
