using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// <see cref="IoU"/> for one-hot labels (<c>keras.metrics.OneHotIoU</c>): <c>yTrue</c> holds one-hot rows and
/// <c>yPred</c> per-class scores (or class ids with <c>sparseYPred: true</c>); the argmax of each row is its class.
/// </summary>
/// <example>
/// <code>
/// var m = new OneHotIoU(numClasses: 3, targetClassIds: [0, 2]);
/// m.UpdateState(new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } },
///               new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } },
///               new float[] { 0.1f, 0.2f, 0.3f, 0.4f });
/// Console.WriteLine(m.Result());   // 0.0714…
/// </code>
/// </example>
public sealed class OneHotIoU : IoU
{
    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes, at least 1.</param>
    /// <param name="targetClassIds">The classes whose IoU is averaged.</param>
    /// <param name="name">The metric's name.</param>
    /// <param name="ignoreClass">A label to skip, or null.</param>
    /// <param name="sparseYPred">Whether <c>yPred</c> holds class ids (true) or per-class scores (false).</param>
    /// <param name="axis">The class axis; only -1 is supported.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public OneHotIoU(int numClasses, IReadOnlyList<int> targetClassIds, string name = "one_hot_io_u", int? ignoreClass = null, bool sparseYPred = false, int axis = -1)
        : base(numClasses, targetClassIds, name, ignoreClass, sparseYTrue: false, sparseYPred, axis)
    {
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "num_classes", "target_class_ids", "ignore_class", "sparse_y_pred", "axis"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("sparse_y_true");
        return config;
    }

    /// <summary>Creates a <see cref="OneHotIoU"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new OneHotIoU FromConfig(JsonObject config) => new(
        RequiredClasses(config),
        MetricConfig.GetInts(config, "target_class_ids") ?? throw new ArgumentException("The OneHotIoU config has no \"target_class_ids\"."),
        ReadName(config, "one_hot_io_u"),
        ConfigValues.GetNullableInt(config, "ignore_class"),
        ConfigValues.GetBool(config, "sparse_y_pred", false),
        ConfigValues.GetNullableInt(config, "axis") ?? -1);
}
