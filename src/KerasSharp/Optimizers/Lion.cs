using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// Lion (<c>keras.optimizers.Lion</c>), in Keras' form: <c>w −= lr·sign(β1·m + (1 − β1)·g)</c>, then
/// <c>m = β2·m + (1 − β2)·g</c>. The update has unit magnitude per element, so Lion wants a learning rate 3–10 times
/// smaller than Adam's (and a larger weight decay).
/// </summary>
/// <remarks>Slots: a <c>momentum</c> for each variable.</remarks>
/// <example>
/// <code>
/// model.Compile(optimizer: new Lion(learningRate: 1e-4, weightDecay: 0.01), loss: "mse");
/// </code>
/// </example>
public sealed class Lion : Optimizer
{
    private readonly float _beta1;
    private readonly float _beta2;
    private Variable[] _momentums = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="beta1">Interpolation factor of the momentum and the gradient in the update's sign; in (0, 1].</param>
    /// <param name="beta2">Decay rate of the momentum.</param>
    /// <param name="weightDecay">If set, the decoupled weight decay <c>w −= w·weightDecay·lr</c> before each update.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta1"/> is outside (0, 1].</exception>
    public Lion(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.99,
        double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "lion")
        : base(learningRate ?? 0.001, name, clipNorm, clipValue, globalClipNorm, weightDecay, useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps)
    {
        if (!(beta1 > 0 && beta1 <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1,
                $"Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer degenerates to SignSGD. Received: beta_1={Format(beta1)}.");
        }
        Beta1 = beta1;
        Beta2 = beta2;
        _beta1 = (float)beta1;
        _beta2 = (float)beta2;
    }

    /// <summary>Interpolation factor of the update's sign (Keras' <c>beta_1</c>).</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the momentum (Keras' <c>beta_2</c>).</summary>
    public double Beta2 { get; }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        _momentums = Array.ConvertAll([.. variables], v => AddVariableFromReference(v, "momentum"));
    }

    /// <inheritdoc/>
    protected override void UpdateStep(ReadOnlySpan<float> gradient, Variable variable, int index, float learningRate)
    {
        // Keras casts β to float32 before computing 1 − β
        OptimizerKernels.Lion(variable.Data, gradient, _momentums[index].Data, learningRate, _beta1, 1f - _beta1, _beta2, 1f - _beta2);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["beta_1"] = Beta1;
        config["beta_2"] = Beta2;
        return config;
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Lion FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(Lion));
        return b.Restore(new Lion(b.LearningRate, ConfigValues.GetDouble(config, "beta_1", 0.9), ConfigValues.GetDouble(config, "beta_2", 0.99), name: b.Name ?? "lion"));
    }
}
