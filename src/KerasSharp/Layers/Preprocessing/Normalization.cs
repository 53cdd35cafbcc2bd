using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' <c>Normalization</c> preprocessing layer: shifts and scales inputs to zero mean and unit variance,
/// <c>(x − mean)/max(√variance, ε)</c> with <c>ε = </c><see cref="Keras.Epsilon"/> (1e-7), or with <c>invert</c> the
/// inverse <c>mean + x·max(√variance, ε)</c>. There is one mean and variance per index of the kept axes
/// (<see cref="Axis"/>); they are either given to the constructor or computed from data by <see cref="Adapt(Tensor)"/>
/// over all other axes (biased variance).
/// </summary>
/// <remarks>
/// Input shape: arbitrary; the kept axes must be known. Output shape: the same as the input. Without <c>mean</c> the
/// layer has three non-trainable weights, as Keras: <c>mean</c> and <c>variance</c> (shape: the kept axes, initialized
/// to zeros and ones) and a scalar <c>count</c> kept for compatibility. As in Keras, a layer that was never adapted
/// therefore runs with mean 0 and variance 1, i.e. as the identity; no error is raised.
/// </remarks>
/// <example>
/// <code>
/// var norm = new Normalization(axis: -1);
/// norm.Adapt(Tensor.FromArray(new float[,] { { 0, 7, 4 }, { 2, 9, 6 }, { 0, 7, 4 }, { 2, 9, 6 } }));
/// norm.Apply(Tensor.FromArray(new float[,] { { 0, 7, 4 } }));   // [[-1, -1, -1]]
/// </code>
/// </example>
public sealed partial class Normalization : Layer
{
    private readonly int[] _axes;
    private readonly float[]? _inputMean;
    private readonly float[]? _inputVariance;
    private Variable? _adaptMean;
    private Variable? _adaptVariance;
    private Tensor? _fixedMean;
    private Tensor? _fixedVariance;
    private int[] _keep = [];
    private Shape _broadcastShape;
    private Shape _buildShape;

    /// <summary>Creates a normalization layer keeping one axis.</summary>
    /// <param name="axis">The axis with a separate mean and variance per index; -1 is the last (features) axis.</param>
    /// <param name="mean">The mean(s), or null to <see cref="Adapt(Tensor)"/>. One value (broadcast), one per index of the last kept axis, or one per kept element (row-major).</param>
    /// <param name="variance">The variance(s), given together with <paramref name="mean"/> and with the same length.</param>
    /// <param name="invert">Apply the inverse transformation (de-normalize).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>normalization</c>, …).</param>
    public Normalization(int axis = -1, float[]? mean = null, float[]? variance = null, bool invert = false, Shape? inputShape = null, string? name = null)
        : this([axis], mean, variance, invert, inputShape, name)
    {
    }

    /// <summary>Creates a normalization layer keeping several axes, or none.</summary>
    /// <param name="axis">The kept axes; null or empty is Keras' <c>axis=None</c>: one scalar mean and variance for all elements.</param>
    /// <param name="mean">The mean(s), or null to <see cref="Adapt(Tensor)"/>. One value (broadcast), one per index of the last kept axis, or one per kept element (row-major).</param>
    /// <param name="variance">The variance(s), given together with <paramref name="mean"/> and with the same length.</param>
    /// <param name="invert">Apply the inverse transformation (de-normalize).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>normalization</c>, …).</param>
    /// <exception cref="ArgumentException">Only one of mean and variance is given, their lengths differ, or several values are given with <c>axis</c> None.</exception>
    public Normalization(int[]? axis, float[]? mean = null, float[]? variance = null, bool invert = false, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        _axes = axis is null ? [] : (int[])axis.Clone();
        if ((mean is null) != (variance is null))
        {
            throw new ArgumentException(
                $"When setting values directly, both `mean` and `variance` must be set. Received: mean={Format(mean)} and variance={Format(variance)}");
        }
        if (mean is not null)
        {
            if (mean.Length != variance!.Length)
            {
                throw new ArgumentException(
                    $"When setting values directly, `mean` and `variance` must have the same shape. Received: mean shape ({mean.Length},) and variance shape ({variance.Length},)");
            }
            if (mean.Length != 1 && _axes.Length == 0)
            {
                throw new ArgumentException(
                    $"The rank of `mean` must be less than or equal to the number of axes (0). Received: mean shape ({mean.Length},) for axis ()");
            }
            _inputMean = (float[])mean.Clone();
            _inputVariance = (float[])variance.Clone();
        }
        Invert = invert;
    }

    /// <summary>The kept axes as given (empty for Keras' <c>axis=None</c>).</summary>
    public IReadOnlyList<int> Axis => _axes;

    /// <summary>The mean given to the constructor, or null.</summary>
    public IReadOnlyList<float>? InputMean => _inputMean;

    /// <summary>The variance given to the constructor, or null.</summary>
    public IReadOnlyList<float>? InputVariance => _inputVariance;

    /// <summary>Whether the inverse transformation is applied.</summary>
    public bool Invert { get; }

    /// <summary>The adapted mean (shape: the kept axes), once built; null when the mean was given.</summary>
    public Variable? AdaptMean => _adaptMean;

    /// <summary>The adapted variance (shape: the kept axes), once built; null when the variance was given.</summary>
    public Variable? AdaptVariance => _adaptVariance;

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int ndim = inputShape.Rank;
        if (_axes.Any(a => a < -ndim || a >= ndim))
        {
            throw new ArgumentException($"All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim={ndim}, while axis={FormatAxes()}");
        }
        _keep = [.. _axes.Select(a => a < 0 ? a + ndim : a).Distinct().Order()];
        var broadcast = new int[ndim];
        Array.Fill(broadcast, 1);
        foreach (var d in _keep)
        {
            if (inputShape[d] < 0)
            {
                throw new ArgumentException(
                    $"All `axis` values to be kept must have a known shape. Received axis={FormatAxes()}, inputs.shape={inputShape}, with unknown axis at index {d}");
            }
            broadcast[d] = inputShape[d];
        }
        _broadcastShape = new Shape(broadcast);
        _buildShape = inputShape;
        var keptShape = new Shape([.. _keep.Select(d => inputShape[d])]);
        if (_inputMean is null)
        {
            _adaptMean = AddWeight("mean", keptShape, "zeros", trainable: false);
            _adaptVariance = AddWeight("variance", keptShape, "ones", trainable: false);
            AddWeight("count", Shape.Scalar, "zeros", trainable: false);
        }
        else
        {
            _fixedMean = BroadcastGiven(_inputMean, keptShape, "mean");
            _fixedVariance = BroadcastGiven(_inputVariance!, keptShape, "variance");
        }
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var mean = _fixedMean ?? Ops.Reshape(_adaptMean!.Value, _broadcastShape);
        var variance = _fixedVariance ?? Ops.Reshape(_adaptVariance!.Value, _broadcastShape);
        var denominator = Ops.Maximum(Ops.Sqrt(variance), Tensor.Scalar(Keras.Epsilon));
        return Invert
            ? Ops.Add(mean, Ops.Multiply(inputs, denominator))
            : Ops.Divide(Ops.Subtract(inputs, mean), denominator);
    }

    /// <summary>The given values as a tensor of the broadcast shape (one value, the last kept axis, or all kept elements).</summary>
    private Tensor BroadcastGiven(float[] values, Shape keptShape, string what)
    {
        var result = Tensor.Empty(_broadcastShape);
        var data = result.Data;
        int last = _keep.Length == 0 ? 1 : keptShape[^1];
        if (values.Length == 1)
        {
            data.Fill(values[0]);
        }
        else if (values.Length == keptShape.Size || values.Length == last)
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = values[i % values.Length];
            }
        }
        else
        {
            throw new ArgumentException(
                $"Layer \"{Name}\": `{what}` has {values.Length} values, which cannot be broadcast to the kept axes of shape {keptShape} (axis={FormatAxes()}). " +
                "Give one value, one per index of the last kept axis, or one per kept element.");
        }
        return result;
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = NormalizationConfig.AxesToJson(_axes);
        config["invert"] = Invert;
        config["mean"] = _inputMean is null ? null : NormalizationConfig.ToJson(_inputMean);
        config["variance"] = _inputVariance is null ? null : NormalizationConfig.ToJson(_inputVariance);
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>); nested mean/variance lists are flattened.</summary>
    /// <param name="config">The config.</param>
    public static Normalization FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        int[]? axes = config.ContainsKey("axis") ? NormalizationConfig.Axes(config, "Normalization") ?? [] : [-1];
        var layer = new Normalization(axes,
            NormalizationConfig.Floats(config, "mean"),
            NormalizationConfig.Floats(config, "variance"),
            ConfigValues.GetBool(config, "invert", false),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }

    private string FormatAxes() => _axes.Length == 1 ? $"({_axes[0]},)" : $"({string.Join(", ", _axes)})";

    private static string Format(float[]? values) => values is null ? "None" : $"[{string.Join(", ", values)}]";
}
