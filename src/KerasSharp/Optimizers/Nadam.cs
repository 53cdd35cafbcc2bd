using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Nadam (<c>keras.optimizers.Nadam</c>), Adam with Nesterov momentum, in Keras' form: with <c>t = iterations + 1</c>
/// and the momentum schedule <c>uₜ = β1·(1 − 0.5·0.96ᵗ)</c>, the product <c>Πₜ = Πₜ₋₁·uₜ</c> is kept in a scalar
/// variable; <c>m += (g − m)(1 − β1)</c>, <c>v += (g² − v)(1 − β2)</c>,
/// <c>m̂ = uₜ₊₁·m/(1 − Πₜ·uₜ₊₁) + (1 − uₜ)·g/(1 − Πₜ)</c>, <c>v̂ = v/(1 − β2ᵗ)</c>, <c>w −= lr·m̂/(sqrt(v̂) + ε)</c>.
/// </summary>
/// <remarks>
/// Variables, in Keras' order: <c>momentum</c> and <c>velocity</c> for each variable, then the product
/// <c>Π</c>, a scalar named <c>variable</c> (the name Keras gives it) that starts at 1.
/// </remarks>
/// <example>
/// <code>
/// model.Compile(optimizer: new Nadam(learningRate: 2e-3), loss: "mse");
/// </code>
/// </example>
public sealed class Nadam : Optimizer
{
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private Variable[] _momentums = [];
    private Variable[] _velocities = [];
    private Variable? _uProduct;
    private OptimizerKernels.NadamCoefficients _step;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="beta1">Decay rate of the first-moment estimate.</param>
    /// <param name="beta2">Decay rate of the second-moment estimate.</param>
    /// <param name="epsilon">Small constant added to <c>sqrt(v̂)</c>.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    public Nadam(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "nadam")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _beta1 = (float)beta1;
        _beta2 = (float)beta2;
        _epsilon = (float)epsilon;
    }

    /// <summary>Decay rate of the first-moment estimate (Keras' <c>beta_1</c>).</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment estimate (Keras' <c>beta_2</c>).</summary>
    public double Beta2 { get; }

    /// <summary>The numerical-stability constant added to <c>sqrt(v̂)</c>.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        (_momentums, _velocities) = AddInterleavedSlots(variables, "momentum", "velocity");
        _uProduct = AddVariable(Shape.Scalar, "variable", 1f);
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        OptimizerKernels.Nadam(variable.Data, gradient, _momentums[index].Data, _velocities[index].Data, _step with { LearningRate = learningRate });
    }

    /// <inheritdoc/>
    protected override void BeginUpdate()
    {
        // Keras advances the product once per update, before the variables are updated, all in float32
        float t = UpdateIterations + 1;
        float u = _beta1 * (1f - 0.5f * MathF.Pow(0.96f, t));
        float uNext = _beta1 * (1f - 0.5f * MathF.Pow(0.96f, t + 1));
        var product = _uProduct!.Data;
        product[0] = product[0] * _beta1 * (1f - 0.5f * MathF.Pow(0.96f, t));
        float uProduct = product[0];
        _step = new OptimizerKernels.NadamCoefficients(0f, 1f - _beta1, 1f - _beta2, uNext, 1f - uProduct * uNext,
            1f - u, 1f - uProduct, 1f - MathF.Pow(_beta2, t), _epsilon);
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
    public static Nadam FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Nadam));
        return b.Restore(new Nadam(b.LearningRate, ConfigValues.GetDouble(config, "beta_1", 0.9), ConfigValues.GetDouble(config, "beta_2", 0.999),
            ConfigValues.GetDouble(config, "epsilon", 1e-7), name: b.Name ?? "nadam"));
    }
}
