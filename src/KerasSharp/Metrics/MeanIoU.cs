using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean intersection-over-union over every class (<c>keras.metrics.MeanIoU</c>): an <see cref="IoU"/> whose
/// target classes are <c>0 … numClasses - 1</c>.
/// </summary>
/// <example>
/// <code>
/// var m = new MeanIoU(numClasses: 2);
/// m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 });
/// Console.WriteLine(m.Result());   // 0.3333…
/// </code>
/// </example>
public class MeanIoU : IoU
{
    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes, at least 1.</param>
    /// <param name="name">The metric's name.</param>
    /// <param name="ignoreClass">A label to skip, or null.</param>
    /// <param name="sparseYTrue">Whether <c>yTrue</c> holds class ids (true) or per-class scores (false).</param>
    /// <param name="sparseYPred">Whether <c>yPred</c> holds class ids (true) or per-class scores (false).</param>
    /// <param name="axis">The class axis of non-sparse inputs; only -1 is supported.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public MeanIoU(int numClasses, string name = "mean_io_u", int? ignoreClass = null, bool sparseYTrue = true, bool sparseYPred = true, int axis = -1)
        : base(numClasses, [.. Enumerable.Range(0, Math.Max(numClasses, 1))], name, ignoreClass, sparseYTrue, sparseYPred, axis)
    {
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "num_classes", "ignore_class", "sparse_y_true", "sparse_y_pred", "axis"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("target_class_ids");
        return config;
    }

    /// <summary>Creates a <see cref="MeanIoU"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new MeanIoU FromConfig(JsonObject config) => new(
        RequiredClasses(config),
        ReadName(config, "mean_io_u"),
        ConfigValues.GetNullableInt(config, "ignore_class"),
        ConfigValues.GetBool(config, "sparse_y_true", true),
        ConfigValues.GetBool(config, "sparse_y_pred", true),
        ConfigValues.GetNullableInt(config, "axis") ?? -1);
}
