using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' <c>LayerNormalization</c> (Ba et al., 2016): normalizes each sample independently over <see cref="Axis"/>,
/// <c>(x − mean)/√(var + ε)·γ + β</c> with the mean and biased variance taken over the normalized axes. <c>gamma</c>
/// and <c>beta</c> span the normalized axes. With <c>rmsScaling</c> the output is <c>x/√(var + ε)·γ</c> (Keras'
/// <c>rms_scaling</c>: no centering, no <c>beta</c>). The same computation runs in training and inference.
/// </summary>
/// <remarks>
/// Input shape: arbitrary, the normalized axes must be known. Output shape: the same as the input. Weights:
/// <c>gamma</c> then <c>beta</c>, both trainable, of shape <c>(input_shape[a] for a in axis)</c>. As in Keras, the
/// config's <c>axis</c> is the integer given until the layer is built and a list afterwards.
/// </remarks>
/// <example>
/// <code>
/// var ln = new LayerNormalization(axis: [1, 2, 3]);
/// ln.Apply(Tensor.Zeros(new Shape(5, 20, 30, 40)));   // gamma and beta have shape (20, 30, 40)
/// </code>
/// </example>
public sealed class LayerNormalization : Layer
{
    private readonly int[] _axes;
    private readonly bool _axisIsList;
    private readonly float _epsilon;
    private Variable? _gamma;
    private Variable? _beta;

    /// <summary>Creates a layer normalization over one axis.</summary>
    /// <param name="axis">The axis to normalize over; -1 is the last.</param>
    /// <param name="epsilon">Small float added to the variance to avoid dividing by zero.</param>
    /// <param name="center">Whether to add the offset <c>beta</c>.</param>
    /// <param name="scale">Whether to multiply by <c>gamma</c>.</param>
    /// <param name="rmsScaling">Keras' <c>rms_scaling</c>: ignore <paramref name="center"/> and <paramref name="scale"/>, output <c>x/√(var + ε)·γ</c>.</param>
    /// <param name="betaInitializer">Initializer for <c>beta</c> (default <c>zeros</c>).</param>
    /// <param name="gammaInitializer">Initializer for <c>gamma</c> (default <c>ones</c>).</param>
    /// <param name="betaRegularizer">Optional penalty on <c>beta</c>.</param>
    /// <param name="gammaRegularizer">Optional penalty on <c>gamma</c>.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>layer_normalization</c>, …).</param>
    public LayerNormalization(int axis = -1, double epsilon = 1e-3, bool center = true, bool scale = true, bool rmsScaling = false,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
        Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
        Shape? inputShape = null, string? name = null)
        : this([axis], false, epsilon, center, scale, rmsScaling, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, inputShape, name)
    {
    }

    /// <summary>Creates a layer normalization over several axes.</summary>
    /// <param name="axis">The axes to normalize over (at least one; negative values count from the end).</param>
    /// <param name="epsilon">Small float added to the variance to avoid dividing by zero.</param>
    /// <param name="center">Whether to add the offset <c>beta</c>.</param>
    /// <param name="scale">Whether to multiply by <c>gamma</c>.</param>
    /// <param name="rmsScaling">Keras' <c>rms_scaling</c>: ignore <paramref name="center"/> and <paramref name="scale"/>, output <c>x/√(var + ε)·γ</c>.</param>
    /// <param name="betaInitializer">Initializer for <c>beta</c> (default <c>zeros</c>).</param>
    /// <param name="gammaInitializer">Initializer for <c>gamma</c> (default <c>ones</c>).</param>
    /// <param name="betaRegularizer">Optional penalty on <c>beta</c>.</param>
    /// <param name="gammaRegularizer">Optional penalty on <c>gamma</c>.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>layer_normalization</c>, …).</param>
    public LayerNormalization(int[] axis, double epsilon = 1e-3, bool center = true, bool scale = true, bool rmsScaling = false,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
        Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
        Shape? inputShape = null, string? name = null)
        : this(axis, true, epsilon, center, scale, rmsScaling, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, inputShape, name)
    {
    }

    private LayerNormalization(int[] axis, bool axisIsList, double epsilon, bool center, bool scale, bool rmsScaling,
        Initializer? betaInitializer, Initializer? gammaInitializer, Regularizer? betaRegularizer, Regularizer? gammaRegularizer,
        Shape? inputShape, string? name)
        : base(name, inputShape: inputShape)
    {
        ArgumentNullException.ThrowIfNull(axis);
        if (axis.Length == 0 || axis.Distinct().Count() != axis.Length)
        {
            throw new ArgumentException($"Expected an int or a list of distinct ints for the argument 'axis', but received: [{string.Join(", ", axis)}]", nameof(axis));
        }
        _axes = (int[])axis.Clone();
        _axisIsList = axisIsList;
        Epsilon = ConfigValues.AsWritten(epsilon);
        _epsilon = (float)Epsilon;
        Center = center;
        Scale = scale;
        RmsScaling = rmsScaling;
        BetaInitializer = betaInitializer ?? new Zeros();
        GammaInitializer = gammaInitializer ?? new Ones();
        BetaRegularizer = betaRegularizer;
        GammaRegularizer = gammaRegularizer;
    }

    /// <summary>The normalized axes, as given.</summary>
    public IReadOnlyList<int> Axis => _axes;

    /// <summary>Added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>Whether <c>beta</c> is added.</summary>
    public bool Center { get; }

    /// <summary>Whether <c>gamma</c> multiplies.</summary>
    public bool Scale { get; }

    /// <summary>Whether Keras' <c>rms_scaling</c> is used.</summary>
    public bool RmsScaling { get; }

    /// <summary>Initializer for <c>beta</c>.</summary>
    public Initializer BetaInitializer { get; }

    /// <summary>Initializer for <c>gamma</c>.</summary>
    public Initializer GammaInitializer { get; }

    /// <summary>Penalty on <c>beta</c>, if any.</summary>
    public Regularizer? BetaRegularizer { get; }

    /// <summary>Penalty on <c>gamma</c>, if any.</summary>
    public Regularizer? GammaRegularizer { get; }

    /// <summary><c>gamma</c>, once built (null without scaling).</summary>
    public Variable? Gamma => _gamma;

    /// <summary><c>beta</c>, once built (null without centering).</summary>
    public Variable? Beta => _beta;

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        CheckAxes(inputShape);
        var dims = new int[_axes.Length];
        var required = new Dictionary<int, int>();
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = inputShape[_axes[i] < 0 ? _axes[i] + inputShape.Rank : _axes[i]];
            if (dims[i] <= 0)
            {
                throw new ArgumentException($"Layer \"{Name}\": the normalized axes must have a known size, but axis {_axes[i]} of input shape {inputShape} is None.");
            }
            required[_axes[i]] = dims[i];
        }
        var shape = new Shape(dims);
        if (Scale || RmsScaling)
        {
            _gamma = AddWeight("gamma", shape, GammaInitializer, GammaRegularizer);
        }
        if (Center && !RmsScaling)
        {
            _beta = AddWeight("beta", shape, BetaInitializer, BetaRegularizer);
        }
        InputSpec = new InputSpec(axes: required);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) =>
        Ops.LayerNormalization(inputs, _gamma?.Value, _beta?.Value, _axes, _epsilon, RmsScaling);

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        CheckAxes(inputShape);
        return inputShape;
    }

    private void CheckAxes(Shape inputShape)
    {
        foreach (var a in _axes)
        {
            if (a >= inputShape.Rank || a < -inputShape.Rank)
            {
                throw new ArgumentException($"Axis {a} is out of bounds for input shape {inputShape} of layer \"{Name}\". Received: axis=[{string.Join(", ", _axes)}]");
            }
        }
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = _axisIsList || Built ? NormalizationConfig.AxesToJson(_axes) : _axes[0];
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        config["rms_scaling"] = RmsScaling;
        config["beta_initializer"] = Initializer.Serialize(BetaInitializer);
        config["gamma_initializer"] = Initializer.Serialize(GammaInitializer);
        config["beta_regularizer"] = BetaRegularizer is null ? null : Regularizer.Serialize(BetaRegularizer);
        config["gamma_regularizer"] = GammaRegularizer is null ? null : Regularizer.Serialize(GammaRegularizer);
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static LayerNormalization FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        bool isList = config["axis"] is JsonArray;
        var axes = NormalizationConfig.Axes(config, "LayerNormalization") ?? [-1];
        var layer = new LayerNormalization(axes, isList,
            ConfigValues.GetDouble(config, "epsilon", 1e-3),
            ConfigValues.GetBool(config, "center", true),
            ConfigValues.GetBool(config, "scale", true),
            ConfigValues.GetBool(config, "rms_scaling", false),
            NormalizationConfig.Initializer(config, "beta_initializer"),
            NormalizationConfig.Initializer(config, "gamma_initializer"),
            NormalizationConfig.Regularizer(config, "beta_regularizer"),
            NormalizationConfig.Regularizer(config, "gamma_regularizer"),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
