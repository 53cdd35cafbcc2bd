using KerasSharp.Saving;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// Parametric rectified linear unit layer, Keras' <c>layers.PReLU</c>: <c>f(x) = x</c> for <c>x ≥ 0</c>, otherwise
/// <c>alpha · x</c>, with a trainable weight <c>alpha</c> of the input's shape without the batch axis (size 1 on
/// <see cref="SharedAxes"/>, whose entries share one slope).
/// </summary>
/// <remarks>
/// Input shape: arbitrary, its sizes known except on the batch axis and the shared axes. Output shape: the same as the
/// input. Keras' <c>alpha_constraint</c> is not supported (KerasSharp has no weight constraints): a config with one
/// is rejected.
/// </remarks>
/// <example>
/// <code>
/// // one slope per channel of a (batch, height, width, channels) feature map
/// var layer = new PReLU(sharedAxes: [1, 2]);
/// var y = layer.Apply(Tensor.Zeros(new Shape(8, 28, 28, 16)));   // alpha: (1, 1, 16)
/// </code>
/// </example>
public sealed class PReLU : Layer
{
    private Variable? _alpha;

    /// <summary>Creates a PReLU layer.</summary>
    /// <param name="alphaInitializer">Initializer of <c>alpha</c> (Keras' default <c>zeros</c>: a ReLU at first).</param>
    /// <param name="alphaRegularizer">Optional penalty on <c>alpha</c>.</param>
    /// <param name="sharedAxes">
    /// Axes (counting the batch axis as 0, so ≥ 1) along which one slope is shared, e.g. <c>[1, 2]</c> for the spatial
    /// axes of images; null shares none.
    /// </param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>p_re_lu</c>, <c>p_re_lu_1</c>, …).</param>
    /// <exception cref="ArgumentException">A shared axis is below 1.</exception>
    public PReLU(Initializer? alphaInitializer = null, Regularizer? alphaRegularizer = null, int[]? sharedAxes = null,
        Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        if (sharedAxes is not null && sharedAxes.Any(a => a < 1))
        {
            throw new ArgumentException($"shared_axes of a PReLU layer count the batch axis as 0, so they must be >= 1. Received: shared_axes=[{string.Join(", ", sharedAxes)}]", nameof(sharedAxes));
        }
        AlphaInitializer = alphaInitializer ?? new Zeros();
        AlphaRegularizer = alphaRegularizer;
        SharedAxes = sharedAxes is null ? null : [.. sharedAxes];
    }

    /// <summary>The initializer of <c>alpha</c>.</summary>
    public Initializer AlphaInitializer { get; }

    /// <summary>The penalty on <c>alpha</c>, if any.</summary>
    public Regularizer? AlphaRegularizer { get; }

    /// <summary>The axes sharing one slope (batch axis = 0), or null.</summary>
    public IReadOnlyList<int>? SharedAxes { get; }

    /// <summary>The slopes, shaped as the input without its batch axis (1 on the shared axes), once built.</summary>
    public Variable Alpha => _alpha ?? throw new InvalidOperationException($"Layer \"{Name}\" is not built yet: call it on an input first.");

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        var dims = new int[Math.Max(0, inputShape.Rank - 1)];
        var axes = new Dictionary<int, int>();
        foreach (int axis in SharedAxes ?? [])
        {
            if (axis >= inputShape.Rank)
            {
                throw new ArgumentException($"Layer \"{Name}\" (PReLU) shares axis {axis}, but its input has rank {inputShape.Rank}. Full shape received: {inputShape}");
            }
        }
        for (int i = 1; i < inputShape.Rank; i++)
        {
            if (SharedAxes?.Contains(i) == true)
            {
                dims[i - 1] = 1;
                continue;
            }
            if (inputShape[i] < 0)
            {
                throw new ArgumentException($"Layer \"{Name}\" (PReLU) needs the size of axis {i} to make alpha: list it in shared_axes or give it a known size. Full shape received: {inputShape}");
            }
            dims[i - 1] = inputShape[i];
            axes[i] = inputShape[i];
        }
        _alpha = AddWeight("alpha", new Shape(dims), AlphaInitializer, AlphaRegularizer);
        InputSpec = new InputSpec(ndim: inputShape.Rank, axes: axes);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Ops.PRelu(inputs, Alpha.Value);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["alpha_initializer"] = Initializer.Serialize(AlphaInitializer);
        config["alpha_regularizer"] = AlphaRegularizer is null ? null : Regularizer.Serialize(AlphaRegularizer);
        config["alpha_constraint"] = null;
        config["shared_axes"] = SharedAxes is null ? null : new JsonArray([.. SharedAxes.Select(a => (JsonNode)a)]);
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    /// <exception cref="ArgumentException">The config has an <c>alpha_constraint</c>.</exception>
    public static PReLU FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config["alpha_constraint"] is JsonNode constraint)
        {
            throw new ArgumentException($"Cannot rebuild PReLU from its config: \"alpha_constraint\" is not supported in KerasSharp (it must be null). Received: {constraint.ToJsonString()}");
        }
        int[]? shared = config["shared_axes"] switch
        {
            null => null,
            JsonArray array => [.. array.Select(a => ConfigValues.ToInt(a!, "shared_axes"))],
            JsonNode single => [ConfigValues.ToInt(single, "shared_axes")],
        };
        var layer = new PReLU(
            config["alpha_initializer"] is JsonNode i ? Initializer.Deserialize(i) : null,
            config["alpha_regularizer"] is JsonNode r ? Regularizer.Deserialize(r) : null,
            shared,
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
