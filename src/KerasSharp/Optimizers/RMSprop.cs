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
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="name">The optimizer's name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rho"/> or <paramref name="momentum"/> is outside [0, 1], or epsilon is negative.</exception>
    public RMSprop(LearningRateSchedule? learningRate = null, float rho = 0.9f, float momentum = 0f, float epsilon = 1e-7f, bool centered = false,
        float? clipNorm = null, float? clipValue = null, float? globalClipNorm = null, string name = "rmsprop")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm)
    {
        if (!(rho >= 0f && rho <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, $"Argument `rho` must be in the range [0, 1]. Received: rho={rho}");
        }
        if (!(momentum >= 0f && momentum <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"`momentum` must be a float between [0, 1]. Received: momentum={momentum}");
        }
        Adam.CheckEpsilon(epsilon);
        Rho = rho;
        Momentum = momentum;
        Epsilon = epsilon;
        Centered = centered;
        _oneMinusRho = (float)(1.0 - ConfigValues.ToDouble(rho));
    }

    /// <summary>Discounting factor of the squared-gradient average.</summary>
    public float Rho { get; }

    /// <summary>Momentum factor (0: no momentum slot).</summary>
    public float Momentum { get; }

    /// <summary>The constant added inside the square root.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        _velocities = AddSlots(variables, "velocity");
        if (Momentum > 0f)
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
            Momentum > 0f ? _momentums[index].Data : [],
            Centered ? _averageGradients[index].Data : [],
            learningRate, Rho, _oneMinusRho, Momentum, Epsilon);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["rho"] = ConfigValues.Number(Rho);
        config["momentum"] = ConfigValues.Number(Momentum);
        config["epsilon"] = ConfigValues.Number(Epsilon);
        config["centered"] = Centered;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static RMSprop FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(RMSprop));
        return new RMSprop(b.LearningRate, ConfigValues.GetFloat(config, "rho", 0.9f), ConfigValues.GetFloat(config, "momentum", 0f),
            ConfigValues.GetFloat(config, "epsilon", 1e-7f), ConfigValues.GetBool(config, "centered", false),
            b.ClipNorm, b.ClipValue, b.GlobalClipNorm, b.Name ?? "rmsprop");
    }
}
