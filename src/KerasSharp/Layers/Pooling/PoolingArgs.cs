using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>Shared argument handling of the 1D and 2D pooling layers (validation, output shapes, configs).</summary>
internal static class PoolingArgs
{
    /// <summary>Validates 2D pooling arguments; null strides default to the pool size, as in Keras.</summary>
    public static (IntPair Pool, IntPair Strides, string Padding) Validate(IntPair? poolSize, IntPair? strides, string padding)
    {
        var pool = poolSize ?? 2;
        var s = strides ?? pool;
        ConvArgs.CheckTuple(pool.ToArray(), "pool_size");
        ConvArgs.CheckTuple(s.ToArray(), "strides");
        return (pool, s, ConvArgs.Padding(padding, allowCausal: false));
    }

    /// <summary>Validates 1D pooling arguments; null strides default to the pool size, as in Keras.</summary>
    public static (int Pool, int Strides, string Padding) Validate(int poolSize, int? strides, string padding)
    {
        int s = strides ?? poolSize;
        ConvArgs.CheckTuple([poolSize], "pool_size");
        ConvArgs.CheckTuple([s], "strides");
        return (poolSize, s, ConvArgs.Padding(padding, allowCausal: false));
    }

    /// <summary>The output shape of a 2D pooling layer (None passes through).</summary>
    public static Shape OutputShape(Layer layer, Shape input, IntPair pool, IntPair strides, string padding)
    {
        if (input.Rank != 4)
        {
            throw ConvArgs.WrongRank(layer.Name, 4, input);
        }
        int h = ConvArgs.OutputLength(input[1], pool.Height, strides.Height, 1, padding);
        int w = ConvArgs.OutputLength(input[2], pool.Width, strides.Width, 1, padding);
        if (h == 0 || w == 0)
        {
            throw ConvArgs.OutputTooSmall(layer.Name, layer.ClassName, input, $"pool {pool}", $"`pool_size={pool}`, `strides={strides}`, `padding={padding}`");
        }
        return new Shape(input[0], h, w, input[3]);
    }

    /// <summary>The output shape of a 1D pooling layer (None passes through).</summary>
    public static Shape OutputShape(Layer layer, Shape input, int pool, int strides, string padding)
    {
        if (input.Rank != 3)
        {
            throw ConvArgs.WrongRank(layer.Name, 3, input);
        }
        int steps = ConvArgs.OutputLength(input[1], pool, strides, 1, padding);
        if (steps == 0)
        {
            throw ConvArgs.OutputTooSmall(layer.Name, layer.ClassName, input, $"pool ({pool},)", $"`pool_size=({pool},)`, `strides=({strides},)`, `padding={padding}`");
        }
        return new Shape(input[0], steps, input[2]);
    }

    /// <summary>Adds Keras' pooling keys (pool_size, padding, strides, data_format) to a config.</summary>
    public static JsonObject WriteConfig(JsonObject config, JsonArray pool, JsonArray strides, string padding)
    {
        config["pool_size"] = pool;
        config["padding"] = padding;
        config["strides"] = strides;
        config["data_format"] = "channels_last";
        return config;
    }

    /// <summary>Reads 2D pooling arguments from a Keras config.</summary>
    public static (IntPair? Pool, IntPair? Strides, string Padding) Read2D(JsonObject config, string className)
    {
        ConvArgs.CheckSupported(config, className);
        return (ConvArgs.ReadPair(config, "pool_size"), ConvArgs.ReadPair(config, "strides"), ConfigValues.GetString(config, "padding", "valid"));
    }

    /// <summary>Reads 1D pooling arguments from a Keras config.</summary>
    public static (int Pool, int? Strides, string Padding) Read1D(JsonObject config, string className)
    {
        ConvArgs.CheckSupported(config, className);
        return (ConvArgs.ReadSingle(config, "pool_size", className) ?? 2, ConvArgs.ReadSingle(config, "strides", className), ConfigValues.GetString(config, "padding", "valid"));
    }
}
