using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Regularizers;

/// <summary>
/// Both penalties, <c>l1 · Σ|x| + l2 · Σx²</c> (<c>keras.regularizers.L1L2</c>). A zero factor drops its term, so
/// <c>new L1L2(l2: 0.1)</c> is a pure L2 penalty (Keras' defaults are 0 for both).
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(5, kernelRegularizer: new L1L2(l1: 1e-5, l2: 1e-4));
/// </code>
/// </example>
public sealed class L1L2 : Regularizer
{
    private readonly float _l1;
    private readonly float _l2;

    /// <summary>Creates the regularizer.</summary>
    /// <param name="l1">The L1 factor; must be non-negative.</param>
    /// <param name="l2">The L2 factor; must be non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">A factor is negative or not finite.</exception>
    public L1L2(double l1 = 0.0, double l2 = 0.0)
    {
        L1Factor = CheckFactor(l1, "l1");
        L2Factor = CheckFactor(l2, "l2");
        _l1 = (float)L1Factor;
        _l2 = (float)L2Factor;
    }

    /// <summary>The L1 factor.</summary>
    public double L1Factor { get; }

    /// <summary>The L2 factor.</summary>
    public double L2Factor { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Tensor? penalty = null;
        if (_l1 != 0f)
        {
            penalty = L1Penalty(_l1, weights);
        }
        if (_l2 != 0f)
        {
            var l2 = L2Penalty(_l2, weights);
            penalty = penalty is null ? l2 : Ops.Add(penalty, l2);
        }
        return penalty ?? Tensor.Scalar(0f);
    }

    /// <summary>Keras' config: <c>l1</c>, <c>l2</c>.</summary>
    public override JsonObject GetConfig() => new()
    {
        ["l1"] = L1Factor,
        ["l2"] = L2Factor,
    };

    /// <summary>Creates the regularizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static L1L2 FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new L1L2(ConfigValues.GetDouble(config, "l1", 0.0), ConfigValues.GetDouble(config, "l2", 0.0));
    }
}
