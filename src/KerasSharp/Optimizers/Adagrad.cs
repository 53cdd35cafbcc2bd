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
    private readonly float _epsilon;
    private Variable[] _accumulators = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="initialAccumulatorValue">Starting value of the accumulators; must be non-negative.</param>
    /// <param name="epsilon">Small constant added inside the square root.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialAccumulatorValue"/> or <paramref name="epsilon"/> is negative.</exception>
    public Adagrad(LearningRateSchedule? learningRate = null, double initialAccumulatorValue = 0.1, double epsilon = 1e-7,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adagrad")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        if (!(initialAccumulatorValue >= 0) || double.IsInfinity(initialAccumulatorValue))
        {
            throw new ArgumentOutOfRangeException(nameof(initialAccumulatorValue), initialAccumulatorValue,
                $"Argument `initial_accumulator_value` must be non-negative. Received: initial_accumulator_value={Format(initialAccumulatorValue)}");
        }
        Adam.CheckEpsilon(epsilon);
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = epsilon;
        _epsilon = (float)epsilon;
    }

    /// <summary>Starting value of the accumulators.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>The constant added inside the square root.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        _accumulators = new Variable[variables.Count];
        for (int i = 0; i < variables.Count; i++)
        {
            _accumulators[i] = AddVariableFromReference(variables[i], "accumulator", (float)InitialAccumulatorValue);
        }
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate) =>
        OptimizerKernels.Adagrad(variable.Data, gradient, _accumulators[index].Data, learningRate, _epsilon);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["initial_accumulator_value"] = InitialAccumulatorValue;
        config["epsilon"] = Epsilon;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Adagrad FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Adagrad));
        return b.Restore(new Adagrad(b.LearningRate, ConfigValues.GetDouble(config, "initial_accumulator_value", 0.1),
            ConfigValues.GetDouble(config, "epsilon", 1e-7), name: b.Name ?? "adagrad"));
    }
}
