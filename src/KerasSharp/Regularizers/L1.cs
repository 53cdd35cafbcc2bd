using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Regularizers;

/// <summary>The L1 penalty <c>l1 · Σ|x|</c> (<c>keras.regularizers.L1</c>).</summary>
/// <example>
/// <code>
/// var layer = new Dense(5, kernelRegularizer: new L1(0.01));
/// </code>
/// </example>
public sealed class L1 : Regularizer
{
    private readonly float _factor;

    /// <summary>Creates the regularizer.</summary>
    /// <param name="l1">The L1 factor; must be non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="l1"/> is negative or not finite.</exception>
    public L1(double l1 = 0.01)
    {
        Factor = CheckFactor(l1, "l1");
        _factor = (float)Factor;
    }

    /// <summary>The L1 factor.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return L1Penalty(_factor, weights);
    }

    /// <summary>Keras' config: <c>l1</c>.</summary>
    public override JsonObject GetConfig() => new() { ["l1"] = Factor };

    /// <summary>Creates the regularizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static L1 FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new L1(ConfigValues.GetDouble(config, "l1", 0.01));
    }
}
