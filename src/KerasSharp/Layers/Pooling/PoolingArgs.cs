using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>Reading the arguments of the 1D and 2D pooling layers from their Keras configs.</summary>
internal static class PoolingArgs
{
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
