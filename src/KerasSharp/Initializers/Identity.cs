using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>The (possibly rectangular) identity matrix times <paramref name="gain"/> (<c>keras.initializers.Identity</c>); 2-D shapes only.</summary>
/// <param name="gain">Multiplicative factor.</param>
/// <example>
/// <code>
/// Tensor eye = new Identity().Call(new Shape(3, 3));
/// </code>
/// </example>
public sealed class Identity(double gain = 1.0) : Initializer
{
    /// <summary>Multiplicative factor.</summary>
    public double Gain { get; } = ConfigValues.AsWritten(gain);

    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        if (shape.Rank != 2)
        {
            throw new ArgumentException($"Identity matrix initializer can only be used for 2D matrices. Received: shape={shape} of rank {shape.Rank}.", nameof(shape));
        }
        var result = NewTensor(shape);
        var data = result.Data;
        data.Clear();
        int rows = shape[0], cols = shape[1];
        float gain = (float)Gain;
        for (int i = 0; i < Math.Min(rows, cols); i++)
        {
            data[i * cols + i] = gain;
        }
        return result;
    }

    /// <summary>Keras' config: <c>gain</c>.</summary>
    public override JsonObject GetConfig() => new() { ["gain"] = Gain };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Identity FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new Identity(ConfigValues.GetDouble(config, "gain", 1.0));
    }
}
