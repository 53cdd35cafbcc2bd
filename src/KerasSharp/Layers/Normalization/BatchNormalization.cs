using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' <c>BatchNormalization</c>: normalizes each channel (index of <see cref="Axis"/>) to zero mean and unit
/// variance, then scales by <c>gamma</c> and shifts by <c>beta</c>.
/// <list type="bullet">
/// <item>In training (<c>training: true</c> on a trainable layer) it uses the batch mean and biased variance over all
/// other axes, <c>γ·(x − mean(x))/√(var(x) + ε) + β</c>, gradients flow through the batch statistics, and the moving
/// statistics are updated: <c>moving = moving·momentum + batch·(1 − momentum)</c>.</item>
/// <item>In inference (<c>training: false</c>) it uses <c>γ·(x − moving_mean)/√(moving_variance + ε) + β</c>.</item>
/// <item>As in Keras 3, a frozen layer (<see cref="Layer.Trainable"/> false) always runs in inference mode and never
/// updates its moving statistics, even when called with <c>training: true</c>.</item>
/// </list>
/// </summary>
/// <remarks>
/// Input shape: arbitrary, the channel axis must be known. Output shape: the same as the input. Weights, in order:
/// <c>gamma</c>, <c>beta</c> (trainable, shape <c>(channels)</c>, present when <see cref="Scale"/> / <see cref="Center"/>),
/// then <c>moving_mean</c>, <c>moving_variance</c> (non-trainable).
/// </remarks>
/// <example>
/// <code>
/// var bn = new BatchNormalization();
/// var y = bn.Apply(x, training: true);   // normalized with batch statistics; moving averages move 1% towards them
/// </code>
/// </example>
public sealed class BatchNormalization : Layer
{
    private readonly float _momentum;
    private readonly float _oneMinusMomentum;
    private readonly float _epsilon;
    private Variable? _gamma;
    private Variable? _beta;
    private Variable? _movingMean;
    private Variable? _movingVariance;

    /// <summary>Creates a batch normalization layer.</summary>
    /// <param name="axis">The channel axis (normalized per index); -1 is the last, use 1 for channels-first data.</param>
    /// <param name="momentum">Momentum of the moving averages.</param>
    /// <param name="epsilon">Small float added to the variance to avoid dividing by zero.</param>
    /// <param name="center">Whether to add the offset <c>beta</c>.</param>
    /// <param name="scale">Whether to multiply by <c>gamma</c>.</param>
    /// <param name="betaInitializer">Initializer for <c>beta</c> (default <c>zeros</c>).</param>
    /// <param name="gammaInitializer">Initializer for <c>gamma</c> (default <c>ones</c>).</param>
    /// <param name="movingMeanInitializer">Initializer for the moving mean (default <c>zeros</c>).</param>
    /// <param name="movingVarianceInitializer">Initializer for the moving variance (default <c>ones</c>).</param>
    /// <param name="betaRegularizer">Optional penalty on <c>beta</c>.</param>
    /// <param name="gammaRegularizer">Optional penalty on <c>gamma</c>.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>batch_normalization</c>, …).</param>
    public BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
        Initializer? movingMeanInitializer = null, Initializer? movingVarianceInitializer = null,
        Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
        Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        Axis = axis;
        Momentum = ConfigValues.AsWritten(momentum);
        Epsilon = ConfigValues.AsWritten(epsilon);
        _momentum = (float)Momentum;
        _epsilon = (float)Epsilon;
        Center = center;
        Scale = scale;
        BetaInitializer = betaInitializer ?? new Zeros();
        GammaInitializer = gammaInitializer ?? new Ones();
        MovingMeanInitializer = movingMeanInitializer ?? new Zeros();
        MovingVarianceInitializer = movingVarianceInitializer ?? new Ones();
        BetaRegularizer = betaRegularizer;
        GammaRegularizer = gammaRegularizer;
        // Keras computes 1 − momentum on the Python double (1 − 0.99 → 0.01), then casts to float32.
        _oneMinusMomentum = (float)(1.0 - Momentum);
    }

    /// <summary>The channel axis.</summary>
    public int Axis { get; }

    /// <summary>Momentum of the moving averages.</summary>
    public double Momentum { get; }

    /// <summary>Added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>Whether <c>beta</c> is added.</summary>
    public bool Center { get; }

    /// <summary>Whether <c>gamma</c> multiplies.</summary>
    public bool Scale { get; }

    /// <summary>Initializer for <c>beta</c>.</summary>
    public Initializer BetaInitializer { get; }

    /// <summary>Initializer for <c>gamma</c>.</summary>
    public Initializer GammaInitializer { get; }

    /// <summary>Initializer for the moving mean.</summary>
    public Initializer MovingMeanInitializer { get; }

    /// <summary>Initializer for the moving variance.</summary>
    public Initializer MovingVarianceInitializer { get; }

    /// <summary>Penalty on <c>beta</c>, if any.</summary>
    public Regularizer? BetaRegularizer { get; }

    /// <summary>Penalty on <c>gamma</c>, if any.</summary>
    public Regularizer? GammaRegularizer { get; }

    /// <summary><c>gamma</c> <c>(channels)</c>, once built (null when <see cref="Scale"/> is false).</summary>
    public Variable? Gamma => _gamma;

    /// <summary><c>beta</c> <c>(channels)</c>, once built (null when <see cref="Center"/> is false).</summary>
    public Variable? Beta => _beta;

    /// <summary>The moving mean <c>(channels)</c>, once built.</summary>
    public Variable MovingMean => _movingMean ?? throw NotBuilt();

    /// <summary>The moving variance <c>(channels)</c>, once built.</summary>
    public Variable MovingVariance => _movingVariance ?? throw NotBuilt();

    private InvalidOperationException NotBuilt() => new($"Layer \"{Name}\" is not built yet: call it on an input first.");

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int rank = inputShape.Rank;
        if (Axis < -rank || Axis >= rank)
        {
            throw new ArgumentException($"Invalid axis for layer \"{Name}\": axis={Axis} is out of bounds for an input of rank {rank}. Full input shape received: {inputShape}");
        }
        int channels = inputShape[Axis < 0 ? Axis + rank : Axis];
        if (channels <= 0)
        {
            throw new ArgumentException($"Axis {Axis} of the input to layer \"{Name}\" should have a defined dimension, but the layer received an input with shape {inputShape}.");
        }
        var shape = new Shape(channels);
        if (Scale)
        {
            _gamma = AddWeight("gamma", shape, GammaInitializer, GammaRegularizer);
        }
        if (Center)
        {
            _beta = AddWeight("beta", shape, BetaInitializer, BetaRegularizer);
        }
        _movingMean = AddWeight("moving_mean", shape, MovingMeanInitializer, trainable: false);
        _movingVariance = AddWeight("moving_variance", shape, MovingVarianceInitializer, trainable: false);
        InputSpec = new InputSpec(ndim: rank, axes: new Dictionary<int, int> { [Axis] = channels });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (training && Trainable)
        {
            var y = Ops.BatchNormTraining(inputs, _gamma?.Value, _beta?.Value, Axis, _epsilon, out var mean, out var variance);
            UpdateMovingAverage(MovingMean, mean);
            UpdateMovingAverage(MovingVariance, variance);
            return y;
        }
        return Ops.BatchNormalization(inputs, MovingMean.Value, MovingVariance.Value, Axis, _beta?.Value, _gamma?.Value, _epsilon);
    }

    /// <summary>In place and outside any tape: <c>moving = moving·momentum + batch·(1 − momentum)</c> in float32, as Keras.</summary>
    private void UpdateMovingAverage(Variable moving, Tensor batch)
    {
        var m = moving.Data;
        var b = batch.Span;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = m[i] * _momentum + b[i] * _oneMinusMomentum;
        }
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        config["beta_initializer"] = Initializer.Serialize(BetaInitializer);
        config["gamma_initializer"] = Initializer.Serialize(GammaInitializer);
        config["moving_mean_initializer"] = Initializer.Serialize(MovingMeanInitializer);
        config["moving_variance_initializer"] = Initializer.Serialize(MovingVarianceInitializer);
        config["beta_regularizer"] = BetaRegularizer is null ? null : Regularizer.Serialize(BetaRegularizer);
        config["gamma_regularizer"] = GammaRegularizer is null ? null : Regularizer.Serialize(GammaRegularizer);
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>); a Keras 2 one-element axis list is accepted.</summary>
    /// <param name="config">The config.</param>
    public static BatchNormalization FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var axes = NormalizationConfig.Axes(config, "BatchNormalization") ?? [-1];
        if (axes.Length != 1)
        {
            throw new ArgumentException($"BatchNormalization normalizes along one axis, but the config has axis={config["axis"]?.ToJsonString()}.");
        }
        var layer = new BatchNormalization(axes[0],
            ConfigValues.GetDouble(config, "momentum", 0.99),
            ConfigValues.GetDouble(config, "epsilon", 1e-3),
            ConfigValues.GetBool(config, "center", true),
            ConfigValues.GetBool(config, "scale", true),
            NormalizationConfig.Initializer(config, "beta_initializer"),
            NormalizationConfig.Initializer(config, "gamma_initializer"),
            NormalizationConfig.Initializer(config, "moving_mean_initializer"),
            NormalizationConfig.Initializer(config, "moving_variance_initializer"),
            NormalizationConfig.Regularizer(config, "beta_regularizer"),
            NormalizationConfig.Regularizer(config, "gamma_regularizer"),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
