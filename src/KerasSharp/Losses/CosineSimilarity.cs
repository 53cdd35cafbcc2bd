using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Negative cosine similarity between targets and predictions along <see cref="Axis"/>
/// (<c>keras.losses.CosineSimilarity</c>, id <c>"cosine_similarity"</c>).
/// </summary>
/// <remarks>
/// <c>loss = −Σ l2_normalize(yTrue)·l2_normalize(yPred)</c> over <see cref="Axis"/>, in [−1, 1]: −1 for vectors
/// pointing the same way, 0 for orthogonal ones, so minimizing it maximizes the similarity. A zero vector gives 0
/// (the norm is kept ≥ 1e-7, as in Keras). Shapes as for <see cref="MeanSquaredError"/>; <see cref="Loss.Call"/>
/// returns the shape without <see cref="Axis"/>.
/// </remarks>
/// <example>
/// <code>
/// var cosine = new CosineSimilarity(axis: -1);
/// var values = cosine.Call(Tensor.FromArray(new float[,] { { 0, 1 }, { 1, 1 }, { 1, 1 } }),
///                          Tensor.FromArray(new float[,] { { 1, 0 }, { 1, 1 }, { -1, -1 } }));   // [-0, -1, 1]
/// </code>
/// </example>
public sealed class CosineSimilarity : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="axis">The axis along which the similarity is computed (the features axis).</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public CosineSimilarity(int axis = -1, string reduction = "sum_over_batch_size", string name = "cosine_similarity")
        : base(name, reduction, LossShapes.Broadcastable, ("axis", axis))
    {
        Axis = axis;
    }

    /// <summary>The features axis (Keras <c>axis</c>).</summary>
    public int Axis { get; }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred) =>
        Ops.Negative(Ops.Sum(Ops.Multiply(LossUtils.L2Normalize(yTrue, Axis), LossUtils.L2Normalize(yPred, Axis)), Axis));

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static CosineSimilarity FromConfig(JsonObject config) =>
        LossConfig.Read(config, "cosine_similarity", static c => new CosineSimilarity(c.Int("axis", -1), c.Reduction, c.Name));
}
