using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Huber loss (<c>keras.losses.Huber</c>, id <c>"huber"</c>): quadratic for small errors, linear for large ones,
/// averaged over the last axis.
/// </summary>
/// <remarks>
/// With <c>x = yPred − yTrue</c>: <c>0.5·x²</c> where <c>|x| ≤ delta</c>, else <c>delta·|x| − 0.5·delta²</c>; then
/// <c>mean(…, axis=−1)</c>. Shapes as for <see cref="MeanSquaredError"/>. The config holds <c>delta</c>, as Keras 3
/// writes it (a config without it, as older Keras versions wrote, gets the default).
/// </remarks>
/// <example>
/// <code>
/// var huber = new Huber();
/// var loss = huber.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                          Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }));   // 0.155
/// </code>
/// </example>
public sealed class Huber : FormulaLoss
{
    private readonly float _delta;

    /// <summary>Creates the loss.</summary>
    /// <param name="delta">Where the loss changes from quadratic to linear; must be a finite value ≥ 0.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative, NaN or not a finite float.</exception>
    public Huber(double delta = 1.0, string reduction = "sum_over_batch_size", string name = "huber_loss")
        : base(name, reduction, LossShapes.Broadcastable, ("delta", delta))
    {
        if (!(delta >= 0 && float.IsFinite((float)delta)))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta,
                $"Invalid value for argument `delta` of {name}: expected a finite float >= 0. Received: delta={delta.ToString(CultureInfo.InvariantCulture)}");
        }
        Delta = delta;
        _delta = (float)delta;
    }

    /// <summary>The quadratic-to-linear threshold (Keras <c>delta</c>).</summary>
    public double Delta { get; }

    private protected override Tensor Formula(Tensor yTrue, Tensor yPred)
    {
        var error = Ops.Subtract(yPred, yTrue);
        var absError = Ops.Abs(error);
        var delta = Tensor.Scalar(_delta);
        var quadratic = Ops.Multiply(Tensor.Scalar(0.5f), Ops.Square(error));
        var linear = Ops.Subtract(Ops.Multiply(delta, absError), Tensor.Scalar(0.5f * _delta * _delta));
        // |x| <= delta  <=>  not (|x| > delta)
        var small = Ops.Subtract(Tensor.Scalar(1f), Ops.Greater(absError, delta));
        return Ops.Mean(Ops.Where(small, quadratic, linear), -1);
    }

    /// <summary>Recreates the loss from <see cref="FormulaLoss.GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static Huber FromConfig(JsonObject config) =>
        LossConfig.Read(config, "huber_loss", static c => new Huber(c.Double("delta", 1.0), c.Reduction, c.Name));
}
