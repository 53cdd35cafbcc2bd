using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Squared hinge loss averaged over the last axis (<c>keras.losses.SquaredHinge</c>, id <c>"squared_hinge"</c>).</summary>
/// <remarks>
/// <c>loss = mean(square(max(1 − yTrue·yPred, 0)), axis=−1)</c>. Labels are expected to be −1 or 1; when every label
/// of the batch is 0 or 1 they are converted to −1 or 1 first, as in Keras. Shapes as for <see cref="MeanSquaredError"/>.
/// </remarks>
/// <example>
/// <code>
/// var squaredHinge = new SquaredHinge();
/// var loss = squaredHinge.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                                 Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }));   // 1.86
/// </code>
/// </example>
public sealed class SquaredHinge : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public SquaredHinge(string reduction = "sum_over_batch_size", string name = "squared_hinge")
        : base(name, reduction, LossShapes.Broadcastable)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Square(LossUtils.HingeMargins(yTrue, yPred)), -1);

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static SquaredHinge FromConfig(JsonObject config) =>
        LossConfig.Read(config, "squared_hinge", static c => new SquaredHinge(c.Reduction, c.Name));
}
