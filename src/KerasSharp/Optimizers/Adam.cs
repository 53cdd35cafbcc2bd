using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Adam (<c>keras.optimizers.Adam</c>), in Keras' form: with <c>t = iterations + 1</c> and
/// <c>α = lr·sqrt(1 − β2ᵗ)/(1 − β1ᵗ)</c>, <c>m += (g − m)(1 − β1)</c>, <c>v += (g² − v)(1 − β2)</c>,
/// <c>w −= α·m / (sqrt(v) + ε)</c>. ε is added to the square root of the uncorrected <c>v</c>, as Keras does
/// (PyTorch and TF.js add it to the corrected one). With <c>amsgrad</c>, <c>v̂ = max(v̂, v)</c> replaces <c>v</c>.
/// </summary>
/// <remarks>
/// Slots, in Keras' order: <c>momentum</c> and <c>velocity</c> for each variable, then (AMSGrad) a
/// <c>velocity_hat</c> for each variable.
/// </remarks>
/// <example>
/// <code>
/// model.Compile(optimizer: new Adam(learningRate: 3e-4), loss: "sparse_categorical_crossentropy");
/// </code>
/// </example>
public class Adam : Optimizer
{
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private readonly float _oneMinusBeta1;
    private readonly float _oneMinusBeta2;
    private Variable[] _momentums = [];
    private Variable[] _velocities = [];
    private Variable[] _velocityHats = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="beta1">Decay rate of the first-moment estimate.</param>
    /// <param name="beta2">Decay rate of the second-moment estimate.</param>
    /// <param name="epsilon">Small constant for numerical stability ("epsilon hat" of the paper).</param>
    /// <param name="amsgrad">Whether to apply the AMSGrad variant.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A beta is outside [0, 1), epsilon is negative, or a base option is out of range.</exception>
    public Adam(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adam")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        CheckBeta(beta1, "beta_1");
        CheckBeta(beta2, "beta_2");
        CheckEpsilon(epsilon);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        Amsgrad = amsgrad;
        _beta1 = (float)beta1;
        _beta2 = (float)beta2;
        _epsilon = (float)epsilon;
        // Keras computes 1 − β in Python double before the float32 update.
        _oneMinusBeta1 = (float)(1.0 - ConfigValues.AsWritten(beta1));
        _oneMinusBeta2 = (float)(1.0 - ConfigValues.AsWritten(beta2));
    }

    /// <summary>Decay rate of the first-moment estimate (Keras' <c>beta_1</c>).</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment estimate (Keras' <c>beta_2</c>).</summary>
    public double Beta2 { get; }

    /// <summary>The numerical-stability constant added to <c>sqrt(v)</c>.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool Amsgrad { get; }

    /// <inheritdoc/>
    protected sealed override void Build(IReadOnlyList<Variable> variables)
    {
        (_momentums, _velocities) = AddInterleavedSlots(variables, "momentum", "velocity");
        if (Amsgrad)
        {
            _velocityHats = Array.ConvertAll([.. variables], v => AddVariableFromReference(v, "velocity_hat"));
        }
    }

    /// <inheritdoc/>
    protected sealed override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        float localStep = UpdateIterations + 1;
        float beta1Power = MathF.Pow(_beta1, localStep);
        float beta2Power = MathF.Pow(_beta2, localStep);
        float alpha = learningRate * MathF.Sqrt(1f - beta2Power) / (1f - beta1Power);
        OptimizerKernels.Adam(variable.Data, gradient, _momentums[index].Data, _velocities[index].Data,
            Amsgrad ? _velocityHats[index].Data : [], alpha, _oneMinusBeta1, _oneMinusBeta2, _epsilon);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["beta_1"] = Beta1;
        config["beta_2"] = Beta2;
        config["epsilon"] = Epsilon;
        config["amsgrad"] = Amsgrad;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Adam FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Adam));
        return b.Restore(new Adam(b.LearningRate, ConfigValues.GetDouble(config, "beta_1", 0.9), ConfigValues.GetDouble(config, "beta_2", 0.999),
            ConfigValues.GetDouble(config, "epsilon", 1e-7), ConfigValues.GetBool(config, "amsgrad", false), name: b.Name ?? "adam"));
    }

    internal static void CheckBeta(double beta, string name)
    {
        if (!(beta >= 0 && beta < 1))
        {
            throw new ArgumentOutOfRangeException(name, beta, $"Argument `{name}` must be in the range [0, 1). Received: {name}={Format(beta)}");
        }
    }

    internal static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"Argument `epsilon` must be a non-negative float. Received: epsilon={Format(epsilon)}");
        }
    }
}
