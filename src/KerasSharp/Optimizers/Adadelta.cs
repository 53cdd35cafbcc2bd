using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Adadelta (<c>keras.optimizers.Adadelta</c>), in Keras' form: <c>a = ρ·a + (1 − ρ)·g²</c>,
/// <c>δ = −sqrt(d + ε)·g / sqrt(a + ε)</c>, <c>d = ρ·d + (1 − ρ)·δ²</c>, <c>w += lr·δ</c>. Use a learning rate of
/// 1.0 for the paper's form.
/// </summary>
/// <remarks>
/// Slots, in Keras' order: <c>accumulated_grad</c> and <c>accumulated_delta_var</c> for each variable. TF.js'
/// <c>tf.train.adadelta</c> differs: it divides by <c>sqrt(a + ε)</c> of the previous step's <c>a</c>, so its first
/// step moves each weight by the whole <c>lr·g</c>.
/// </remarks>
/// <example>
/// <code>
/// model.Compile(optimizer: new Adadelta(learningRate: 1.0), loss: "mse");
/// </code>
/// </example>
public sealed class Adadelta : Optimizer
{
    private readonly float _rho;
    private readonly float _oneMinusRho;
    private readonly float _epsilon;
    private Variable[] _accumulatedGrads = [];
    private Variable[] _accumulatedDeltas = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="rho">The decay rate of both averages.</param>
    /// <param name="epsilon">Small constant added inside the square roots.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    public Adadelta(LearningRateSchedule? learningRate = null, double rho = 0.95, double epsilon = 1e-7,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adadelta")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        Rho = rho;
        Epsilon = epsilon;
        _rho = (float)rho;
        _epsilon = (float)epsilon;
        // Keras computes 1 − ρ in Python double
        _oneMinusRho = (float)(1.0 - ConfigValues.AsWritten(rho));
    }

    /// <summary>The decay rate (Keras' <c>rho</c>).</summary>
    public double Rho { get; }

    /// <summary>The constant added inside the square roots.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        (_accumulatedGrads, _accumulatedDeltas) = AddInterleavedSlots(variables, "accumulated_grad", "accumulated_delta_var");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        OptimizerKernels.Adadelta(variable.Data, gradient, _accumulatedGrads[index].Data, _accumulatedDeltas[index].Data,
            learningRate, _rho, _oneMinusRho, _epsilon);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["rho"] = Rho;
        config["epsilon"] = Epsilon;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Adadelta FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Adadelta));
        return b.Restore(new Adadelta(b.LearningRate, ConfigValues.GetDouble(config, "rho", 0.95), ConfigValues.GetDouble(config, "epsilon", 1e-7), name: b.Name ?? "adadelta"));
    }
}
