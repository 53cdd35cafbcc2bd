using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Adagrad (<c>keras.optimizers.Adagrad</c>), in Keras' form: <c>acc += g²</c>, <c>w −= lr·g / sqrt(acc + ε)</c>,
/// with each accumulator starting at <c>initialAccumulatorValue</c>. One <c>accumulator</c> slot per variable.
/// </summary>
/// <example>
/// <code>
/// model.Compile(optimizer: new Adagrad(learningRate: 0.01), loss: "mse");
/// </code>
/// </example>
public sealed class Adagrad : Optimizer
{
    private Variable[] _accumulators = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="initialAccumulatorValue">Starting value of the accumulators; must be non-negative.</param>
    /// <param name="epsilon">Small constant added inside the square root.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="name">The optimizer's name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialAccumulatorValue"/> or <paramref name="epsilon"/> is negative.</exception>
    public Adagrad(LearningRateSchedule? learningRate = null, float initialAccumulatorValue = 0.1f, float epsilon = 1e-7f,
        float? clipNorm = null, float? clipValue = null, float? globalClipNorm = null, string name = "adagrad")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm)
    {
        if (!(initialAccumulatorValue >= 0f) || float.IsInfinity(initialAccumulatorValue))
        {
            throw new ArgumentOutOfRangeException(nameof(initialAccumulatorValue), initialAccumulatorValue,
                $"Argument `initial_accumulator_value` must be non-negative. Received: initial_accumulator_value={initialAccumulatorValue}");
        }
        Adam.CheckEpsilon(epsilon);
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = epsilon;
    }

    /// <summary>Starting value of the accumulators.</summary>
    public float InitialAccumulatorValue { get; }

    /// <summary>The constant added inside the square root.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        _accumulators = new Variable[variables.Count];
        for (int i = 0; i < variables.Count; i++)
        {
            _accumulators[i] = AddVariableFromReference(variables[i], "accumulator", InitialAccumulatorValue);
        }
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate) =>
        OptimizerKernels.Adagrad(variable.Data, gradient, _accumulators[index].Data, learningRate, Epsilon);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["initial_accumulator_value"] = ConfigValues.Number(InitialAccumulatorValue);
        config["epsilon"] = ConfigValues.Number(Epsilon);
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Adagrad FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Adagrad));
        return new Adagrad(b.LearningRate, ConfigValues.GetFloat(config, "initial_accumulator_value", 0.1f),
            ConfigValues.GetFloat(config, "epsilon", 1e-7f), b.ClipNorm, b.ClipValue, b.GlobalClipNorm, b.Name ?? "adagrad");
    }
}
