using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// FTRL-Proximal (<c>keras.optimizers.Ftrl</c>), in Keras' form, with <c>p = −learningRatePower</c>:
/// <c>ĝ = g + 2·l2Shrinkage·w</c>, <c>n = acc + g²</c>, <c>linear += ĝ − ((nᵖ − accᵖ)/lr)·w</c>,
/// <c>w = (clip(linear, −l1, l1) − linear) / (nᵖ/lr + 2·(l2 + β/(2·lr)))</c>, <c>acc = n</c>.
/// </summary>
/// <remarks>Slots, in Keras' order: <c>accumulator</c> (starting at <c>initialAccumulatorValue</c>) and <c>linear</c> for each variable.</remarks>
/// <example>
/// <code>
/// model.Compile(optimizer: new Ftrl(learningRate: 0.05, l1RegularizationStrength: 0.001), loss: "binary_crossentropy");
/// </code>
/// </example>
public sealed class Ftrl : Optimizer
{
    private Variable[] _accumulators = [];
    private Variable[] _linears = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="learningRatePower">How the learning rate decreases with the accumulator; zero or negative (−0.5 by default).</param>
    /// <param name="initialAccumulatorValue">Starting value of the accumulators; zero or positive.</param>
    /// <param name="l1RegularizationStrength">L1 regularization; zero or positive.</param>
    /// <param name="l2RegularizationStrength">L2 regularization; zero or positive.</param>
    /// <param name="l2ShrinkageRegularizationStrength">L2 shrinkage (a magnitude penalty added to the gradient); zero or positive.</param>
    /// <param name="beta">Added to the L2 term as <c>β/(2·lr)</c>, as in the paper's β.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A strength or the initial accumulator is negative, or the power is positive.</exception>
    public Ftrl(LearningRateSchedule? learningRate = null, double learningRatePower = -0.5, double initialAccumulatorValue = 0.1,
        double l1RegularizationStrength = 0.0, double l2RegularizationStrength = 0.0, double l2ShrinkageRegularizationStrength = 0.0, double beta = 0.0,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "ftrl")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        if (initialAccumulatorValue < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(initialAccumulatorValue), initialAccumulatorValue,
                $"`initial_accumulator_value` needs to be positive or zero. Received: initial_accumulator_value={Format(initialAccumulatorValue)}.");
        }
        if (learningRatePower > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(learningRatePower), learningRatePower,
                $"`learning_rate_power` needs to be negative or zero. Received: learning_rate_power={Format(learningRatePower)}.");
        }
        CheckStrength(l1RegularizationStrength, nameof(l1RegularizationStrength), "l1_regularization_strength");
        CheckStrength(l2RegularizationStrength, nameof(l2RegularizationStrength), "l2_regularization_strength");
        CheckStrength(l2ShrinkageRegularizationStrength, nameof(l2ShrinkageRegularizationStrength), "l2_shrinkage_regularization_strength");
        LearningRatePower = learningRatePower;
        InitialAccumulatorValue = initialAccumulatorValue;
        L1RegularizationStrength = l1RegularizationStrength;
        L2RegularizationStrength = l2RegularizationStrength;
        L2ShrinkageRegularizationStrength = l2ShrinkageRegularizationStrength;
        Beta = beta;
    }

    /// <summary>Keras' <c>learning_rate_power</c>.</summary>
    public double LearningRatePower { get; }

    /// <summary>Starting value of the accumulators.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>L1 regularization strength.</summary>
    public double L1RegularizationStrength { get; }

    /// <summary>L2 regularization strength.</summary>
    public double L2RegularizationStrength { get; }

    /// <summary>L2 shrinkage regularization strength.</summary>
    public double L2ShrinkageRegularizationStrength { get; }

    /// <summary>The β of the paper, added to the L2 term as <c>β/(2·lr)</c>.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables) =>
        (_accumulators, _linears) = AddInterleavedSlots(variables, "accumulator", "linear", (float)InitialAccumulatorValue);

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        // Keras: l2 + β/(2·lr) in float32 (lr is a float32 tensor); 2·l2_shrinkage in Python double
        float l2 = (float)L2RegularizationStrength + (float)Beta / (2f * learningRate);
        OptimizerKernels.Ftrl(variable.Data, gradient, _accumulators[index].Data, _linears[index].Data, learningRate,
            (float)-LearningRatePower, (float)L1RegularizationStrength, 2f * l2, (float)(2 * L2ShrinkageRegularizationStrength));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["learning_rate_power"] = LearningRatePower;
        config["initial_accumulator_value"] = InitialAccumulatorValue;
        config["l1_regularization_strength"] = L1RegularizationStrength;
        config["l2_regularization_strength"] = L2RegularizationStrength;
        config["l2_shrinkage_regularization_strength"] = L2ShrinkageRegularizationStrength;
        config["beta"] = Beta;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Ftrl FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Ftrl));
        return b.Restore(new Ftrl(b.LearningRate, ConfigValues.GetDouble(config, "learning_rate_power", -0.5),
            ConfigValues.GetDouble(config, "initial_accumulator_value", 0.1), ConfigValues.GetDouble(config, "l1_regularization_strength", 0),
            ConfigValues.GetDouble(config, "l2_regularization_strength", 0), ConfigValues.GetDouble(config, "l2_shrinkage_regularization_strength", 0),
            ConfigValues.GetDouble(config, "beta", 0), name: b.Name ?? "ftrl"));
    }

    private static void CheckStrength(double value, string paramName, string kerasName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"`{kerasName}` needs to be positive or zero. Received: {kerasName}={Format(value)}.");
        }
    }
}
