using System.Text.Json.Nodes;
using KerasSharp.Optimizers.Schedules;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers;

/// <summary>
/// AdamW (<c>keras.optimizers.AdamW</c>): <see cref="Adam"/> with decoupled weight decay, which Keras applies before
/// each update as <c>w −= w·weightDecay·lr</c> (default 0.004). Variables listed with
/// <see cref="Optimizer.ExcludeFromWeightDecay"/> (e.g. biases) are not decayed.
/// </summary>
/// <remarks>Slots as Adam's: <c>momentum</c> and <c>velocity</c> for each variable, then (AMSGrad) <c>velocity_hat</c>.</remarks>
/// <example>
/// <code>
/// var opt = new AdamW(learningRate: 1e-3, weightDecay: 0.01);
/// opt.ExcludeFromWeightDecay(varNames: ["bias"]);
/// model.Compile(optimizer: opt, loss: "mse");
/// </code>
/// </example>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule; null means Keras' default 0.001.</param>
    /// <param name="weightDecay">The decoupled weight decay; required (Keras' default 0.004).</param>
    /// <param name="beta1">Decay rate of the first-moment estimate.</param>
    /// <param name="beta2">Decay rate of the second-moment estimate.</param>
    /// <param name="epsilon">Small constant for numerical stability, added to <c>sqrt(v)</c>.</param>
    /// <param name="amsgrad">Whether to apply the AMSGrad variant.</param>
    /// <param name="clipNorm">If set, each gradient is clipped to this L2 norm.</param>
    /// <param name="clipValue">If set, each gradient element is clipped to <c>[−clipValue, clipValue]</c>.</param>
    /// <param name="globalClipNorm">If set, all gradients are clipped together to this global L2 norm.</param>
    /// <param name="useEma">Whether to keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The momentum of the moving average.</param>
    /// <param name="emaOverwriteFrequency">If set, the weights are overwritten by their average every this many updates.</param>
    /// <param name="gradientAccumulationSteps">If set, the weights are updated every this many steps with the mean gradient.</param>
    /// <param name="name">The optimizer's name.</param>
    /// <exception cref="ArgumentException"><paramref name="weightDecay"/> is null, or another argument is out of range.</exception>
    public AdamW(LearningRateSchedule? learningRate = null, double? weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        bool amsgrad = false, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, int? gradientAccumulationSteps = null, string name = "adamw")
        : base(learningRate, beta1, beta2, epsilon, amsgrad, RequireWeightDecay(weightDecay), clipNorm, clipValue, globalClipNorm,
            useEma, emaMomentum, emaOverwriteFrequency, gradientAccumulationSteps, name)
    {
    }

    /// <summary>Creates the optimizer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="Optimizer.GetConfig"/> or Keras.</param>
    public static new AdamW FromConfig(JsonObject config)
    {
        var b = ReadBaseConfig(config, nameof(AdamW));
        if (!config.ContainsKey("weight_decay"))
        {
            b = b with { Options = b.Options with { WeightDecay = 0.004 } };
        }
        return b.Restore(new AdamW(b.LearningRate, b.Options.WeightDecay, ConfigValues.GetDouble(config, "beta_1", 0.9), ConfigValues.GetDouble(config, "beta_2", 0.999),
            ConfigValues.GetDouble(config, "epsilon", 1e-7), ConfigValues.GetBool(config, "amsgrad", false), name: b.Name ?? "adamw"));
    }

    private static double RequireWeightDecay(double? weightDecay) =>
        weightDecay ?? throw new ArgumentException("Argument `weight_decay` must be a float. Received: weight_decay=None", nameof(weightDecay));
}
