using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Regularizers;

/// <summary>
/// Both penalties, <c>l1 · Σ|x| + l2 · Σx²</c> (<c>keras.regularizers.L1L2</c>). A zero factor drops its term, so
/// <c>new L1L2(l2: 0.1f)</c> is a pure L2 penalty (Keras' defaults are 0 for both).
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(5, kernelRegularizer: new L1L2(l1: 1e-5f, l2: 1e-4f));
/// </code>
/// </example>
public sealed class L1L2 : Regularizer
{
    /// <summary>Creates the regularizer.</summary>
    /// <param name="l1">The L1 factor; must be non-negative.</param>
    /// <param name="l2">The L2 factor; must be non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">A factor is negative or not finite.</exception>
    public L1L2(float l1 = 0f, float l2 = 0f)
    {
        L1Factor = CheckFactor(l1, "l1");
        L2Factor = CheckFactor(l2, "l2");
    }

    /// <summary>The L1 factor.</summary>
    public float L1Factor { get; }

    /// <summary>The L2 factor.</summary>
    public float L2Factor { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Tensor? penalty = null;
        if (L1Factor != 0f)
        {
            penalty = L1Penalty(L1Factor, weights);
        }
        if (L2Factor != 0f)
        {
            var l2 = L2Penalty(L2Factor, weights);
            penalty = penalty is null ? l2 : Ops.Add(penalty, l2);
        }
        return penalty ?? Tensor.Scalar(0f);
    }

    /// <summary>Keras' config: <c>l1</c>, <c>l2</c>.</summary>
    public override JsonObject GetConfig() => new()
    {
        ["l1"] = ConfigValues.Number(L1Factor),
        ["l2"] = ConfigValues.Number(L2Factor),
    };

    /// <summary>Creates the regularizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static L1L2 FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new L1L2(ConfigValues.GetFloat(config, "l1", 0f), ConfigValues.GetFloat(config, "l2", 0f));
    }
}
