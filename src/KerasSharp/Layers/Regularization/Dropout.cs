using KerasSharp.Saving;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Applies dropout, Keras' <c>layers.Dropout</c>: in training, each unit is set to 0 with probability
/// <see cref="Rate"/> and the kept units are scaled by <c>1 / (1 − rate)</c>, so the expected sum is unchanged. At
/// inference (<c>training: false</c>) it is the identity.
/// </summary>
/// <remarks>
/// Input shape: arbitrary. Output shape: the same as the input. The masks come from the layer's own
/// <see cref="SeedGenerator"/>, created in the constructor from <c>seed</c> (or, without one, from a seed drawn then
/// from the global stream, see <see cref="Keras.SetRandomSeed"/>); each training call advances it. Gradients flow
/// only through the kept units.
/// </remarks>
/// <example>
/// <code>
/// var layer = new Dropout(0.2, seed: 7);
/// var y = layer.Apply(Tensor.Ones(new Shape(2, 5)), training: true);   // 20% zeros, the rest 1.25
/// </code>
/// </example>
public sealed class Dropout : Layer
{
    private readonly int[]? _noiseShape;
    private readonly SeedGenerator? _seedGenerator;
    private readonly float _rate;

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="rate">Fraction of the input units to drop, in [0, 1].</param>
    /// <param name="noiseShape">
    /// Shape of the binary mask multiplied with the input (broadcast to it), with -1 for "the input's size"; e.g.
    /// <c>[-1, 1, -1]</c> shares one mask over the timesteps of <c>(batch, timesteps, features)</c> inputs.
    /// </param>
    /// <param name="seed">The seed of the layer's generator; null draws one from the global stream now.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>dropout</c>, <c>dropout_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="rate"/> is outside [0, 1], or <paramref name="noiseShape"/> has a zero or negative (other than -1) dimension.</exception>
    public Dropout(double rate, int[]? noiseShape = null, int? seed = null, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        Rate = HyperParameter.CheckRate(rate, nameof(rate));
        _rate = (float)Rate;
        if (noiseShape is not null)
        {
            for (int i = 0; i < noiseShape.Length; i++)
            {
                if (noiseShape[i] <= 0 && noiseShape[i] != -1)
                {
                    throw new ArgumentException(
                        "Invalid value received for argument `noise_shape`. Expected all dimensions to be positive integers or -1 (None). " +
                        $"Received negative or zero value at index {i}: {noiseShape[i]}",
                        nameof(noiseShape));
                }
            }
            _noiseShape = (int[])noiseShape.Clone();
        }
        Seed = seed;
        // as in Keras, only a layer that can drop anything owns a generator
        _seedGenerator = _rate > 0f ? new SeedGenerator(seed) : null;
    }

    /// <summary>Fraction of the input units dropped in training.</summary>
    public double Rate { get; }

    /// <summary>The mask's shape (-1 = the input's size on that axis), or null for the input's shape.</summary>
    public IReadOnlyList<int>? NoiseShape => _noiseShape;

    /// <summary>The seed given to the constructor, or null when the layer's generator drew its own.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || _rate == 0f)
        {
            return inputs;
        }
        return Drop(inputs, ConcreteNoiseShape(inputs.Shape), _rate, _seedGenerator!);
    }

    /// <summary>
    /// Keras' <c>backend.random.dropout</c>: a 0/1 mask of <paramref name="maskShape"/> (broadcast to the input), each
    /// entry kept with probability <c>1 − rate</c>, times <c>inputs / (1 − rate)</c>; 0 &lt; rate ≤ 1.
    /// </summary>
    internal static Tensor Drop(Tensor inputs, Shape maskShape, float rate, SeedGenerator rng)
    {
        if (rate == 1f)
        {
            // Everything dropped: multiply by zeros so the gradient is 0 (x / 0 would give NaN).
            return Ops.Multiply(inputs, Tensor.Zeros(maskShape));
        }
        float keep = 1f - rate;
        var mask = Tensor.Empty(maskShape);
        var m = mask.Data;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = rng.NextDouble() < keep ? 1f : 0f;
        }
        // (x / keep) · mask: kept values are exactly x / (1 − rate), dropped ones get a zero gradient.
        return Ops.Multiply(Ops.Divide(inputs, Tensor.Scalar(keep)), mask);
    }

    private Shape ConcreteNoiseShape(Shape inputShape)
    {
        if (_noiseShape is null)
        {
            return inputShape;
        }
        bool ok = _noiseShape.Length == inputShape.Rank;
        var dims = new int[_noiseShape.Length];
        for (int i = 0; ok && i < dims.Length; i++)
        {
            dims[i] = _noiseShape[i] == -1 ? inputShape[i] : _noiseShape[i];
            ok = dims[i] == inputShape[i] || dims[i] == 1;
        }
        if (!ok)
        {
            throw new ArgumentException(
                $"Layer \"{Name}\": noise_shape={Shape.Format(_noiseShape)} does not broadcast to the input shape {inputShape}. " +
                "It needs one entry per input axis, each equal to that axis' size, 1 or -1 (None).");
        }
        return new Shape(dims);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["rate"] = Rate;
        config["seed"] = Seed;
        config["noise_shape"] = _noiseShape is null ? null : ShapeToJson(new Shape(_noiseShape));
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Dropout FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layer = new Dropout(
            ConfigValues.GetDouble(config, "rate", double.NaN),
            LayerConfig.Dims(config["noise_shape"]),
            ConfigValues.GetNullableInt(config, "seed"),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
