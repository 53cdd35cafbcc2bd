using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Huber loss (<c>keras.losses.Huber</c>): quadratic for small errors, linear for large ones, averaged over the last
/// axis.
/// </summary>
/// <remarks>
/// With <c>x = yPred − yTrue</c>: <c>0.5·x²</c> where <c>|x| ≤ delta</c>, else <c>delta·|x| − 0.5·delta²</c>; then
/// <c>mean(…, axis=−1)</c>. Shapes as for <see cref="MeanSquaredError"/>. Unlike Keras 3, whose
/// <c>get_config</c> omits it, the config includes <c>delta</c> so that a round trip keeps it.
/// </remarks>
/// <example>
/// <code>
/// var huber = new Huber();
/// var loss = huber.Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }),
///                          Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }));   // 0.155
/// </code>
/// </example>
public sealed class Huber : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="delta">Where the loss changes from quadratic to linear; must be a finite value ≥ 0.</param>
    /// <param name="reduction">The reduction (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="name">The loss name.</param>
    public Huber(float delta = 1f, string reduction = "sum_over_batch_size", string name = "huber_loss")
        : base(name, reduction)
    {
        if (!(delta >= 0f && float.IsFinite(delta)))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta,
                $"Invalid value for argument `delta` of {name}: expected a finite float >= 0. Received: delta={delta}");
        }
        Delta = delta;
    }

    /// <summary>The quadratic-to-linear threshold (Keras <c>delta</c>).</summary>
    public float Delta { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = LossUtils.AlignBroadcastable(yTrue, yPred, Name);
        var error = Ops.Subtract(p, t);
        var absError = Ops.Abs(error);
        var delta = Tensor.Scalar(Delta);
        var quadratic = Ops.Multiply(Tensor.Scalar(0.5f), Ops.Square(error));
        var linear = Ops.Subtract(Ops.Multiply(delta, absError), Tensor.Scalar(0.5f * Delta * Delta));
        // |x| <= delta  <=>  not (|x| > delta)
        var small = Ops.Subtract(Tensor.Scalar(1f), Ops.Greater(absError, delta));
        return Ops.Mean(Ops.Where(small, quadratic, linear), -1);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["delta"] = Delta;
        return config;
    }

    /// <summary>Recreates the loss from <see cref="GetConfig"/>'s output (Keras <c>from_config</c>).</summary>
    /// <param name="config">The config; missing keys take the Keras defaults.</param>
    public static Huber FromConfig(JsonObject config)
    {
        LossUtils.CheckKeys(config, nameof(Huber), "name", "reduction", "delta");
        return new Huber(
            LossUtils.GetFloat(config, "delta", 1f),
            LossUtils.GetReduction(config),
            LossUtils.GetName(config, "huber_loss"));
    }
}
