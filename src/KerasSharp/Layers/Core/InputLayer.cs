using KerasSharp.Saving;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Declares the shape of a model's input (Keras' <c>InputLayer</c>). Putting one first in a <c>Sequential</c> builds
/// the model immediately, so <c>Summary()</c> works before training. It converts to the symbolic tensor it stands for
/// (<see cref="Layer.Output"/>), so layers can be applied to it to build a Functional model.
/// </summary>
/// <example>
/// <code>
/// var model = new Sequential([new InputLayer(shape: [784]), new Dense(10)]);
/// </code>
/// </example>
public class InputLayer : Layer
{
    /// <summary>Creates an input layer.</summary>
    /// <param name="shape">The shape of one sample (no batch axis).</param>
    /// <param name="batchSize">An optional fixed batch size.</param>
    /// <param name="name">The name (default <c>input_layer</c>).</param>
    [System.Runtime.CompilerServices.MethodImpl(KerasSharp.Utils.ColdCode.Options)]
    public InputLayer(Shape shape, int? batchSize = null, string? name = null)
        : base(name ?? Keras.UniqueName("input_layer"))
    {
        foreach (var d in shape.Dims)
        {
            if (d == 0 || d < -1)
            {
                throw new ArgumentException($"Invalid input shape {shape} for InputLayer: dimensions must be positive (or -1 for None).");
            }
        }
        if (batchSize is <= 0)
        {
            throw new ArgumentException($"Invalid batchSize {batchSize} for InputLayer: it must be positive.");
        }
        BatchInputShape = shape.Prepend(batchSize ?? -1);
        EnsureBuilt(BatchInputShape.Value);
        AddNode([], new NodeArguments(0, false), [BatchInputShape.Value]);
    }

    /// <summary>The symbolic tensor this input stands for (Keras' <c>keras.Input(...)</c>), to apply layers to.</summary>
    /// <param name="input">The input layer.</param>
    public static implicit operator KerasTensor(InputLayer input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Output;
    }

    /// <inheritdoc/>
    public override string ClassName => "InputLayer";

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var expected = BatchInputShape!.Value;
        if (inputs.Rank != expected.Rank)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected shape={expected}, found shape={inputs.Shape}");
        }
        for (int i = 0; i < expected.Rank; i++)
        {
            if (expected[i] != -1 && expected[i] != inputs.Shape[i])
            {
                throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected shape={expected}, found shape={inputs.Shape}");
            }
        }
        return inputs;
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = new JsonObject
        {
            ["batch_shape"] = ShapeToJson(BatchInputShape!.Value),
            ["dtype"] = "float32",
            ["sparse"] = false,
            ["name"] = Name,
        };
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static InputLayer FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var dims = LayerConfig.Dims(config["batch_shape"] ?? config["batch_input_shape"])
            ?? throw new ArgumentException($"The config of an InputLayer needs \"batch_shape\". Received: {config.ToJsonString()}");
        int? batch = dims.Length > 0 && dims[0] > 0 ? dims[0] : null;
        return new InputLayer(new Shape(dims[1..]), batch, LayerConfig.Name(config));
    }
}
