using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Turns a loss function written with <see cref="Ops"/> into a <see cref="Loss"/> (<c>keras.losses.LossFunctionWrapper</c>),
/// so it gets sample weights and reduction.
/// </summary>
/// <remarks>
/// <see cref="FormulaLoss.Call"/> aligns the ranks of <c>yTrue</c> and <c>yPred</c> as Keras does (a <c>(batch,)</c> target
/// with a <c>(batch, 1)</c> prediction becomes <c>(batch, 1)</c>) and returns <see cref="Fn"/>'s result unchanged: the
/// wrapper does not average over the last axis, so <see cref="Fn"/> should return per-sample (or element-wise)
/// losses, which <see cref="Loss.Compute"/> then weights and reduces. The function itself cannot be serialized, so
/// <see cref="FormulaLoss.GetConfig"/> holds only <c>name</c> and <c>reduction</c>.
/// </remarks>
/// <example>
/// <code>
/// var loss = new LossFunctionWrapper((yTrue, yPred) => Ops.Mean(Ops.Abs(Ops.Power(yPred - yTrue, 3f)), -1),
///                                    name: "mean_cubic_error");
/// model.Compile(optimizer: "adam", loss: loss);
/// </code>
/// </example>
public sealed class LossFunctionWrapper : FormulaLoss, Utils.IWrapsUserCode
{
    /// <summary>Wraps a loss function.</summary>
    /// <param name="fn">The function <c>(yTrue, yPred) → losses</c>, built from <see cref="Ops"/>.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name; null gives <c>loss_function_wrapper</c> (made unique, as Keras' <c>auto_name</c>).</param>
    public LossFunctionWrapper(Func<Tensor, Tensor, Tensor> fn, string reduction = "sum_over_batch_size", string? name = null)
        : base(name!, reduction, LossShapes.AlignRanks)
    {
        ArgumentNullException.ThrowIfNull(fn);
        Fn = fn;
    }

    /// <summary>The wrapped function.</summary>
    public Func<Tensor, Tensor, Tensor> Fn { get; }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred) =>
        Fn(yTrue, yPred) ?? throw new InvalidOperationException($"The loss function of '{Name}' returned null.");
}
