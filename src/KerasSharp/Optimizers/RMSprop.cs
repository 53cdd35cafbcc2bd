using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// RMSprop (<c>keras.optimizers.RMSprop</c>), in Keras' form: <c>v = ρ·v + (1 − ρ)·g²</c> and
/// <c>w −= lr·g / sqrt(v + ε)</c> (ε inside the square root). The centered variant keeps
/// <c>a = ρ·a + (1 − ρ)·g</c> and divides by <c>sqrt(v − a² + ε)</c>; with momentum the increment goes through
/// <c>mom = μ·mom + increment</c> and <c>w −= mom</c>.
/// </summary>
/// <remarks>
/// Slots, in Keras' order: a <c>velocity</c> for each variable, then (momentum &gt; 0) a <c>momentum</c> for each,
/// then (centered) an <c>average_gradient</c> for each.
/// </remarks>
/// <example>
/// <code>
/// model.Compile(optimizer: new RMSprop(learningRate: 1e-3, centered: true), loss: "mse");
/// </code>
/// </example>
public sealed class RMSprop : Optimizer
{
    private readonly float _rho;
    private readonly float _momentum;
    private readonly float _epsilon;
    private readonly float _oneMinusRho;
    private Variable[] _velocities = [];
    private Variable[] _momentums = [];
    private Variable[] _averageGradients = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="rho">Discounting factor of the squared-gradient average.</param>
    /// <param name="momentum">Momentum factor; 0 disables the momentum slot.</param>
    /// <param name="epsilon">Small constant added inside the square root.</param>
    /// <param name="centered">Whether to normalise by the estimated variance instead of the second moment.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rho"/> or <paramref name="momentum"/> is outside [0, 1], or epsilon is negative.</exception>
    public RMSprop(LearningRateSchedule? learningRate = null, double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "rmsprop")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        if (!(rho >= 0 && rho <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, $"Argument `rho` must be in the range [0, 1]. Received: rho={Format(rho)}");
        }
        SGD.CheckMomentum(momentum);
        Adam.CheckEpsilon(epsilon);
        Rho = rho;
        Momentum = momentum;
        Epsilon = epsilon;
        Centered = centered;
        _rho = (float)rho;
        _momentum = (float)momentum;
        _epsilon = (float)epsilon;
        _oneMinusRho = (float)(1.0 - ConfigValues.AsWritten(rho));
    }

    /// <summary>Discounting factor of the squared-gradient average.</summary>
    public double Rho { get; }

    /// <summary>Momentum factor (0: no momentum slot).</summary>
    public double Momentum { get; }

    /// <summary>The constant added inside the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        _velocities = AddSlots(variables, "velocity");
        if (_momentum > 0f)
        {
            _momentums = AddSlots(variables, "momentum");
        }
        if (Centered)
        {
            _averageGradients = AddSlots(variables, "average_gradient");
        }
    }

    private Variable[] AddSlots(IReadOnlyList<Variable> variables, string name)
    {
        var slots = new Variable[variables.Count];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = AddVariableFromReference(variables[i], name);
        }
        return slots;
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        OptimizerKernels.RmsProp(variable.Data, gradient, _velocities[index].Data,
            _momentum > 0f ? _momentums[index].Data : [],
            Centered ? _averageGradients[index].Data : [],
            learningRate, _rho, _oneMinusRho, _momentum, _epsilon);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["rho"] = Rho;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["centered"] = Centered;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static RMSprop FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(RMSprop));
        return b.Restore(new RMSprop(b.LearningRate, ConfigValues.GetDouble(config, "rho", 0.9), ConfigValues.GetDouble(config, "momentum", 0),
            ConfigValues.GetDouble(config, "epsilon", 1e-7), ConfigValues.GetBool(config, "centered", false), name: b.Name ?? "rmsprop"));
    }
}
