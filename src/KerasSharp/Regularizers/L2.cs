using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Regularizers;

/// <summary>The L2 penalty <c>l2 · Σx²</c> (<c>keras.regularizers.L2</c>; no ½ factor, as in Keras).</summary>
/// <example>
/// <code>
/// var layer = new Dense(5, kernelRegularizer: new L2(1e-4));
/// </code>
/// </example>
public sealed class L2 : Regularizer
{
    private readonly float _factor;

    /// <summary>Creates the regularizer.</summary>
    /// <param name="l2">The L2 factor; must be non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="l2"/> is negative or not finite.</exception>
    public L2(double l2 = 0.01)
    {
        Factor = CheckFactor(l2, "l2");
        _factor = (float)Factor;
    }

    /// <summary>The L2 factor.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return L2Penalty(_factor, weights);
    }

    /// <summary>Keras' config: <c>l2</c>.</summary>
    public override JsonObject GetConfig() => new() { ["l2"] = Factor };

    /// <summary>Creates the regularizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static L2 FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new L2(ConfigValues.GetDouble(config, "l2", 0.01));
    }
}
