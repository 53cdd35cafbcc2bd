using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Kullback-Leibler divergence over the last axis (<c>keras.losses.KLDivergence</c>, ids <c>"kl_divergence"</c>, <c>"kld"</c>).</summary>
/// <remarks>
/// <c>loss = Σ yTrue·log(yTrue / yPred)</c> over the last axis, with both clipped to <c>[1e-7, 1]</c> first as in
/// Keras: they are expected to be probability distributions. Shapes as for <see cref="MeanSquaredError"/>.
/// </remarks>
/// <example>
/// <code>
/// var kld = new KLDivergence();
/// var loss = kld.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                        Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }));   // 0.458
/// </code>
/// </example>
public sealed class KLDivergence : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public KLDivergence(string reduction = "sum_over_batch_size", string name = "kl_divergence")
        : base(name, reduction, LossShapes.Broadcastable)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var t = Ops.Clip(yTrue, Keras.Epsilon, 1f);
        var p = Ops.Clip(yPred, Keras.Epsilon, 1f);
        return Ops.Sum(Ops.Multiply(t, Ops.Log(Ops.Divide(t, p))), -1);
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static KLDivergence FromConfig(JsonObject config) =>
        LossConfig.Read(config, "kl_divergence", static c => new KLDivergence(c.Reduction, c.Name));
}
