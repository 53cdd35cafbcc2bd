using System.Text.Json.Nodes;

namespace KerasSharp.Losses;

/// <summary>
/// Base of the focal cross-entropies (<see cref="BinaryFocalCrossentropy"/>, <see cref="CategoricalFocalCrossentropy"/>):
/// the Keras arguments <c>alpha</c> and <c>gamma</c>, written last in the config as Keras does.
/// </summary>
public abstract class FocalCrossentropyLoss : CrossentropyLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="name">The loss name.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="fromLogits">Whether predictions are logits.</param>
    /// <param name="labelSmoothing">The label smoothing, in [0, 1].</param>
    /// <param name="axis">The axis the loss reduces.</param>
    /// <param name="alpha">The class weight.</param>
    /// <param name="gamma">The focusing parameter.</param>
    /// <param name="arguments">Further arguments of the config, between <c>axis</c> and <c>alpha</c>.</param>
    private protected FocalCrossentropyLoss(string name, string reduction, bool fromLogits, double labelSmoothing, int axis,
        double alpha, double gamma, params (string Key, JsonNode? Value)[] arguments)
        : base(name, reduction, fromLogits, labelSmoothing, axis, [.. arguments, ("alpha", alpha), ("gamma", gamma)])
    {
        Alpha = alpha;
        Gamma = gamma;
        AlphaValue = (float)alpha;
        GammaValue = (float)gamma;
    }

    /// <summary>The class weight (Keras <c>alpha</c>).</summary>
    public double Alpha { get; }

    /// <summary>The focusing parameter of the focal factor <c>(1 − p_t)^gamma</c> (Keras <c>gamma</c>).</summary>
    public double Gamma { get; }

    /// <summary><see cref="Alpha"/> as the float the formula uses.</summary>
    private protected float AlphaValue { get; }

    /// <summary><see cref="Gamma"/> as the float the formula uses.</summary>
    private protected float GammaValue { get; }
}
