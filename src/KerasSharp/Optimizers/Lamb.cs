using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// LAMB (<c>keras.optimizers.Lamb</c>), Adam with a layer-wise trust ratio, in Keras' form: with
/// <c>t = iterations + 1</c>, <c>m += (g − m)(1 − β1)</c>, <c>v += (g² − v)(1 − β2)</c>,
/// <c>u = (m/(1 − β1ᵗ)) / (sqrt(v/(1 − β2ᵗ)) + ε)</c>, <c>r = ‖w‖/‖u‖</c> (1 when either norm is 0) and
/// <c>w −= r·lr·u</c>.
/// </summary>
/// <remarks>Slots, in Keras' order: <c>momentum</c> and <c>velocity</c> for each variable.</remarks>
/// <example>
/// <code>
/// model.Compile(optimizer: new Lamb(learningRate: 1e-3), loss: "mse");
/// </code>
/// </example>
public sealed class Lamb : Optimizer
{
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private readonly float _oneMinusBeta1;
    private readonly float _oneMinusBeta2;
    private Variable[] _momentums = [];
    private Variable[] _velocities = [];
    private float[] _direction = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="beta1">Decay rate of the first-moment estimate.</param>
    /// <param name="beta2">Decay rate of the second-moment estimate.</param>
    /// <param name="epsilon">Small constant added to the corrected <c>sqrt(v)</c>.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    public Lamb(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "lamb")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _beta1 = (float)beta1;
        _beta2 = (float)beta2;
        _epsilon = (float)epsilon;
        // Keras computes 1 − β in Python double
        _oneMinusBeta1 = (float)(1.0 - ConfigValues.AsWritten(beta1));
        _oneMinusBeta2 = (float)(1.0 - ConfigValues.AsWritten(beta2));
    }

    /// <summary>Decay rate of the first-moment estimate (Keras' <c>beta_1</c>).</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment estimate (Keras' <c>beta_2</c>).</summary>
    public double Beta2 { get; }

    /// <summary>The numerical-stability constant.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        (_momentums, _velocities) = AddInterleavedSlots(variables, "momentum", "velocity");
        _direction = new float[variables.Count == 0 ? 0 : variables.Max(v => v.Value.Size)];
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        float localStep = UpdateIterations + 1;
        var direction = _direction.AsSpan(0, gradient.Length);
        OptimizerKernels.LambDirection(gradient, _momentums[index].Data, _velocities[index].Data, direction,
            _oneMinusBeta1, _oneMinusBeta2, 1f - MathF.Pow(_beta1, localStep), 1f - MathF.Pow(_beta2, localStep), _epsilon);
        float wNorm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(variable.Value.Span));
        float uNorm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(direction));
        float ratio = wNorm > 0f && uNorm > 0f ? wNorm / uNorm : 1f;
        OptimizerKernels.SubtractScaled(variable.Data, direction, ratio * learningRate);
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
    public static Lamb FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Lamb));
        return b.Restore(new Lamb(b.LearningRate, ConfigValues.GetDouble(config, "beta_1", 0.9), ConfigValues.GetDouble(config, "beta_2", 0.999),
            ConfigValues.GetDouble(config, "epsilon", 1e-7), name: b.Name ?? "lamb"));
    }
}
