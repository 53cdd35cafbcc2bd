using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Poisson loss averaged over the last axis (<c>keras.losses.Poisson</c>, id <c>"poisson"</c>).</summary>
/// <remarks>
/// <c>loss = mean(yPred − yTrue·log(yPred + 1e-7), axis=−1)</c>, for counts predicted by a positive output (e.g. an
/// exponential or softplus activation). Shapes as for <see cref="MeanSquaredError"/>.
/// </remarks>
/// <example>
/// <code>
/// var poisson = new Poisson();
/// var loss = poisson.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                            Tensor.FromArray(new float[,] { { 1, 1 }, { 0, 0 } }));   // 0.5
/// </code>
/// </example>
public sealed class Poisson : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public Poisson(string reduction = "sum_over_batch_size", string name = "poisson")
        : base(name, reduction, LossShapes.Broadcastable)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Subtract(yPred, Ops.Multiply(yTrue, Ops.Log(Ops.Add(yPred, Tensor.Scalar(Keras.Epsilon))))), -1);

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static Poisson FromConfig(JsonObject config) =>
        LossConfig.Read(config, "poisson", static c => new Poisson(c.Reduction, c.Name));
}
