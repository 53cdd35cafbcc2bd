using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Base of the built-in losses, each a formula over <c>(yTrue, yPred)</c> (Keras' <c>LossFunctionWrapper</c>
/// subclasses): <see cref="Call"/> aligns the ranks of the two tensors as Keras does, checks their shapes, then
/// evaluates the loss's formula; <see cref="GetConfig"/> writes <c>name</c>, <c>reduction</c> and the loss's own
/// arguments under their Keras keys.
/// </summary>
/// <remarks>
/// Sample weights and the reduction are applied by <see cref="Loss.Compute"/>. To write a loss of your own, derive
/// from <see cref="Loss"/> or wrap a function in <see cref="LossFunctionWrapper"/>.
/// </remarks>
public abstract class FormulaLoss : Loss
{
    private readonly LossShapes _shapes;
    private readonly (string Key, JsonNode? Value)[] _arguments;

    /// <summary>Creates the loss.</summary>
    /// <param name="name">The loss name.</param>
    /// <param name="reduction">The reduction.</param>
    /// <param name="shapes">What the formula requires of the aligned shapes.</param>
    /// <param name="arguments">The loss's own arguments as Keras writes them in its config, in Keras' order.</param>
    private protected FormulaLoss(string name, string reduction, LossShapes shapes, params (string Key, JsonNode? Value)[] arguments)
        : base(name, reduction)
    {
        _shapes = shapes;
        _arguments = arguments;
    }

    /// <inheritdoc/>
    public sealed override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (t, p) = _shapes == LossShapes.AsGiven ? (yTrue, yPred) : LossUtils.SqueezeOrExpandToSameRank(yTrue, yPred);
        if (_shapes == LossShapes.Equal && t.Shape != p.Shape)
        {
            throw new ArgumentException(
                $"Arguments `y_true` and `y_pred` of loss '{Name}' must have the same shape. " +
                $"Received: y_true.shape={yTrue.Shape}, y_pred.shape={yPred.Shape}.");
        }
        if (_shapes == LossShapes.Broadcastable && !LossUtils.CanBroadcast(t.Shape, p.Shape))
        {
            throw new ArgumentException(
                $"Arguments `y_true` and `y_pred` of loss '{Name}' have incompatible shapes: they must be equal or " +
                $"broadcastable. Received: y_true.shape={yTrue.Shape}, y_pred.shape={yPred.Shape}.");
        }
        return Formula(t, p);
    }

    /// <summary>The per-sample losses of the aligned <paramref name="yTrue"/> and <paramref name="yPred"/> (Keras' loss function).</summary>
    private protected abstract Tensor Formula(Tensor yTrue, Tensor yPred);

    /// <inheritdoc/>
    public sealed override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        foreach (var (key, value) in _arguments)
        {
            config[key] = value?.DeepClone();
        }
        return config;
    }
}
