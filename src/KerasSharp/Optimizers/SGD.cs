using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Gradient descent, with optional (Nesterov) momentum (<c>keras.optimizers.SGD</c>). Without momentum
/// <c>w = w − lr·g</c>; with momentum <c>m = μ·m − lr·g</c> and <c>w = w + m</c>; with Nesterov
/// <c>w = w + μ·m − lr·g</c> (using the new <c>m</c>). A <c>momentum</c> slot per variable exists only when
/// <c>momentum</c> is not 0, as in Keras.
/// </summary>
/// <example>
/// <code>
/// model.Compile(optimizer: new SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), loss: "mse");
/// </code>
/// </example>
public sealed class SGD : Optimizer
{
    private readonly float _momentum;
    private Variable[] _momentums = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.01.</param>
    /// <param name="momentum">Momentum in [0, 1]; 0 is vanilla gradient descent.</param>
    /// <param name="nesterov">Whether to apply Nesterov momentum.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> is outside [0, 1].</exception>
    public SGD(LearningRateSchedule? learningRate = null, double momentum = 0, bool nesterov = false,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "SGD")
        : base(learningRate ?? 0.01, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        CheckMomentum(momentum);
        Momentum = momentum;
        _momentum = (float)momentum;
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor μ.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        if (_momentum == 0f)
        {
            return;
        }
        _momentums = new Variable[variables.Count];
        for (int i = 0; i < variables.Count; i++)
        {
            _momentums[i] = AddVariableFromReference(variables[i], "momentum");
        }
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        if (_momentum == 0f)
        {
            OptimizerKernels.Sgd(variable.Data, gradient, learningRate);
        }
        else
        {
            OptimizerKernels.SgdMomentum(variable.Data, gradient, _momentums[index].Data, learningRate, _momentum, Nesterov);
        }
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["momentum"] = Momentum;
        config["nesterov"] = Nesterov;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static SGD FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(SGD));
        return b.Restore(new SGD(b.LearningRate, ConfigValues.GetDouble(config, "momentum", 0), ConfigValues.GetBool(config, "nesterov", false),
            name: b.Name ?? "SGD"));
    }

    internal static void CheckMomentum(double momentum)
    {
        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"`momentum` must be a float between [0, 1]. Received: momentum={Format(momentum)}");
        }
    }
}
