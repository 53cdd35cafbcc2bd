using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Categorical hinge loss over the last axis (<c>keras.losses.CategoricalHinge</c>, id <c>"categorical_hinge"</c>).</summary>
/// <remarks>
/// <c>loss = max(neg − pos + 1, 0)</c> with <c>pos = Σ yTrue·yPred</c> and <c>neg = max((1 − yTrue)·yPred)</c> over
/// the last axis; labels are one-hot (0/1) or −1/1 and are used as given. Shapes as for <see cref="MeanSquaredError"/>.
/// </remarks>
/// <example>
/// <code>
/// var categoricalHinge = new CategoricalHinge();
/// var loss = categoricalHinge.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                                     Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }));   // 1.4
/// </code>
/// </example>
public sealed class CategoricalHinge : FormulaLoss
{
    private static readonly int[] LastAxis = [-1];

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public CategoricalHinge(string reduction = "sum_over_batch_size", string name = "categorical_hinge")
        : base(name, reduction, LossShapes.Broadcastable)
    {
    }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var pos = Ops.Sum(Ops.Multiply(yTrue, yPred), -1);
        var neg = Ops.Max(Ops.Multiply(Ops.Subtract(Tensor.Scalar(1f), yTrue), yPred), LastAxis);
        return Ops.Maximum(Ops.Add(Ops.Subtract(neg, pos), Tensor.Scalar(1f)), Tensor.Scalar(0f));
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static CategoricalHinge FromConfig(JsonObject config) =>
        LossConfig.Read(config, "categorical_hinge", static c => new CategoricalHinge(c.Reduction, c.Name));
}
