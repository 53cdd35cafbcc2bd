using System.Text.Json.Nodes;

namespace KerasSharp.Losses;

/// <summary>
/// Base of the cross-entropy losses (<see cref="BinaryCrossentropy"/>, <see cref="CategoricalCrossentropy"/> and
/// their focal variants): the Keras arguments <c>from_logits</c>, <c>label_smoothing</c> and <c>axis</c>, written
/// first in the config as Keras does.
/// </summary>
public abstract class CrossentropyLoss : FormulaLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="name">The loss name.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="fromLogits">Whether predictions are logits.</param>
    /// <param name="labelSmoothing">The label smoothing, in [0, 1].</param>
    /// <param name="axis">The axis the loss reduces.</param>
    /// <param name="arguments">Further arguments of the config, after <c>axis</c>.</param>
    private protected CrossentropyLoss(string name, string reduction, bool fromLogits, double labelSmoothing, int axis,
        params (string Key, JsonNode? Value)[] arguments)
        : base(name, reduction, LossShapes.Equal, [("from_logits", fromLogits), ("label_smoothing", labelSmoothing), ("axis", axis), .. arguments])
    {
        Smoothing = LossUtils.LabelSmoothing(labelSmoothing, name);
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
        Axis = axis;
    }

    /// <summary>Whether predictions are logits (Keras <c>from_logits</c>).</summary>
    public bool FromLogits { get; }

    /// <summary>The label smoothing (Keras <c>label_smoothing</c>).</summary>
    public double LabelSmoothing { get; }

    /// <summary>The axis the loss reduces (Keras <c>axis</c>).</summary>
    public int Axis { get; }

    /// <summary>The label smoothing as the float the formulas use.</summary>
    private protected float Smoothing { get; }
}
