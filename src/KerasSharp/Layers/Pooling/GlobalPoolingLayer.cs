using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// What the global pooling layers share (Keras' <c>BaseGlobalPooling</c>): a reduction over every spatial axis of
/// <c>(batch, spatial…, channels)</c> inputs, <c>keepdims</c>, the output shape and the config.
/// </summary>
public abstract class GlobalPoolingLayer : Layer
{
    private readonly int[] _axes;

    /// <summary>Stores the arguments for inputs with <paramref name="spatialAxes"/> spatial axes.</summary>
    private protected GlobalPoolingLayer(int spatialAxes, bool keepDims, Shape? inputShape, string? name)
        : base(name, inputShape: inputShape)
    {
        KeepDims = keepDims;
        // the reduced axes 1 … spatialAxes, shared so that a call allocates nothing for them
        _axes = ShapeCache.Intern(Enumerable.Range(1, spatialAxes).ToArray());
        InputSpec = new InputSpec(ndim: spatialAxes + 2);
    }

    /// <summary>Whether the reduced spatial axes are kept with size 1.</summary>
    public bool KeepDims { get; }

    /// <summary>The ordering of the input's axes; only Keras' default <c>channels_last</c> is supported.</summary>
    public string DataFormat => "channels_last";

    /// <summary>The reduction over <paramref name="axes"/> (mean or max).</summary>
    private protected abstract Tensor Reduce(Tensor inputs, int[] axes, bool keepDims);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Reduce(inputs, _axes, KeepDims);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input does not have one axis more than the spatial ones plus the channels.</exception>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        int rank = _axes.Length + 2;
        if (inputShape.Rank != rank)
        {
            throw ConvArgs.WrongRank(Name, rank, inputShape);
        }
        if (!KeepDims)
        {
            return new Shape(inputShape[0], inputShape[^1]);
        }
        Span<int> dims = stackalloc int[rank];
        dims.Fill(1);
        dims[0] = inputShape[0];
        dims[^1] = inputShape[^1];
        return new Shape(dims);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["data_format"] = DataFormat;
        config["keepdims"] = KeepDims;
        return config;
    }
}
