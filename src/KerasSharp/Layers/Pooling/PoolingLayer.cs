using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// What the max and average pooling layers share (Keras' <c>BasePooling</c>): the window and stride checks, the
/// pooling call, the output shape and the config, for <c>(batch, spatial…, channels)</c> inputs of any number of
/// spatial axes. A concrete layer only chooses the pool mode and the number of spatial axes.
/// </summary>
public abstract class PoolingLayer : Layer
{
    private readonly int[] _poolSize;
    private readonly int[] _strides;
    private readonly PoolMode _mode;

    /// <summary>
    /// Checks and stores the arguments (one entry per spatial axis); <paramref name="strides"/> defaults to the pool size
    /// in the subclasses, as in Keras.
    /// </summary>
    private protected PoolingLayer(PoolMode mode, int[] poolSize, int[] strides, string padding, Shape? inputShape, string? name)
        : base(name, inputShape: inputShape)
    {
        ConvArgs.CheckTuple(poolSize, "pool_size");
        ConvArgs.CheckTuple(strides, "strides");
        Padding = ConvArgs.Padding(padding, allowCausal: false);
        _mode = mode;
        // shared arrays, so that a call allocates nothing for them
        _poolSize = ShapeCache.Intern(poolSize);
        _strides = ShapeCache.Intern(strides);
        InputSpec = new InputSpec(ndim: poolSize.Length + 2);
    }

    /// <summary><c>"valid"</c> or <c>"same"</c>.</summary>
    public string Padding { get; }

    /// <summary>The ordering of the input's axes; only Keras' default <c>channels_last</c> is supported.</summary>
    public string DataFormat => "channels_last";

    /// <summary>Whether the layer takes the maximum or the mean of each window.</summary>
    internal PoolMode Mode => _mode;

    /// <summary>The window size, one entry per spatial axis.</summary>
    internal ReadOnlySpan<int> PoolDims => _poolSize;

    /// <summary>The strides, one entry per spatial axis.</summary>
    internal ReadOnlySpan<int> StrideDims => _strides;

    /// <inheritdoc/>
    protected override void Build(Shape inputShape) => ComputeOutputShape(inputShape);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        ComputeOutputShape(inputs.Shape);
        return _mode == PoolMode.Max
            ? Ops.MaxPool(inputs, _poolSize, _strides, Padding)
            : Ops.AveragePool(inputs, _poolSize, _strides, Padding);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Per spatial axis, <c>floor((n − pool) / stride) + 1</c> for <c>"valid"</c> and <c>ceil(n / stride)</c> for
    /// <c>"same"</c>; an unknown (None) size stays unknown.
    /// </remarks>
    /// <exception cref="ArgumentException">The input has the wrong rank, or the window does not fit with <c>"valid"</c> padding.</exception>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        int rank = _poolSize.Length + 2;
        if (inputShape.Rank != rank)
        {
            throw ConvArgs.WrongRank(Name, rank, inputShape);
        }
        Span<int> dims = stackalloc int[rank];
        dims[0] = inputShape[0];
        dims[^1] = inputShape[^1];
        for (int i = 0; i < _poolSize.Length; i++)
        {
            dims[i + 1] = ConvArgs.OutputLength(inputShape[i + 1], _poolSize[i], _strides[i], 1, Padding);
            if (dims[i + 1] == 0)
            {
                string pool = Tuple(_poolSize);
                throw ConvArgs.OutputTooSmall(Name, ClassName, inputShape, $"pool {pool}",
                    $"`pool_size={pool}`, `strides={Tuple(_strides)}`, `padding={Padding}`");
            }
        }
        return new Shape(dims);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["pool_size"] = Json(_poolSize);
        config["padding"] = Padding;
        config["strides"] = Json(_strides);
        config["data_format"] = DataFormat;
        return config;
    }

    private static JsonArray Json(int[] values)
    {
        var array = new JsonArray();
        foreach (int v in values)
        {
            array.Add(v);
        }
        return array;
    }

    // Python's tuple form: (2,) and (2, 3)
    private static string Tuple(int[] values) => values.Length == 1 ? $"({values[0]},)" : $"({string.Join(", ", values)})";
}
