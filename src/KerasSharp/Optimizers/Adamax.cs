using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Adamax (<c>keras.optimizers.Adamax</c>), Adam with the infinity norm, in Keras' form: with <c>t = iterations + 1</c>,
/// <c>m += (g − m)(1 − β1)</c>, <c>u = max(β2·u, |g|)</c>, <c>w −= lr·m / ((1 − β1ᵗ)·(u + ε))</c>.
/// </summary>
/// <remarks>
/// Slots, in Keras' order: <c>momentum</c> and <c>norm</c> for each variable. TF.js' <c>tf.train.adamax</c> applies
/// the same rule (with its <c>decay</c> at 0), grouping the factors as <c>(lr/(1 − β1ᵗ))·(m/(u + ε))</c>.
/// </remarks>
/// <example>
/// <code>
/// model.Compile(optimizer: new Adamax(learningRate: 2e-3), loss: "mse");
/// </code>
/// </example>
public sealed class Adamax : Optimizer
{
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private readonly float _oneMinusBeta1;
    private Variable[] _momentums = [];
    private Variable[] _norms = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="beta1">Decay rate of the first-moment estimate.</param>
    /// <param name="beta2">Decay rate of the exponentially weighted infinity norm.</param>
    /// <param name="epsilon">Small constant added to the norm.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    public Adamax(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adamax")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _beta1 = (float)beta1;
        _beta2 = (float)beta2;
        _epsilon = (float)epsilon;
        // Keras computes 1 − β1 in Python double
        _oneMinusBeta1 = (float)(1.0 - ConfigValues.AsWritten(beta1));
    }

    /// <summary>Decay rate of the first-moment estimate (Keras' <c>beta_1</c>).</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the infinity norm (Keras' <c>beta_2</c>).</summary>
    public double Beta2 { get; }

    /// <summary>The numerical-stability constant added to the norm.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        (_momentums, _norms) = AddInterleavedSlots(variables, "momentum", "norm");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        float beta1Power = MathF.Pow(_beta1, UpdateIterations + 1);
        OptimizerKernels.Adamax(variable.Data, gradient, _momentums[index].Data, _norms[index].Data,
            learningRate, _oneMinusBeta1, _beta2, 1f - beta1Power, _epsilon);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["beta_1"] = Beta1;
        config["beta_2"] = Beta2;
        config["epsilon"] = Epsilon;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Adamax FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Adamax));
        return b.Restore(new Adamax(b.LearningRate, ConfigValues.GetDouble(config, "beta_1", 0.9), ConfigValues.GetDouble(config, "beta_2", 0.999),
            ConfigValues.GetDouble(config, "epsilon", 1e-7), name: b.Name ?? "adamax"));
    }
}
