using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Base class of Keras losses (<c>keras.losses.Loss</c>). A subclass implements <see cref="Call"/>, which returns one
/// loss value per sample; <see cref="Compute"/> then applies sample weights and the <see cref="Reduction"/>.
/// </summary>
/// <remarks>
/// Everything is built from <see cref="Ops"/>, so the result is differentiable with respect to <c>yPred</c> under a
/// <see cref="GradientTape"/>. A string converts implicitly to a loss through <see cref="Get"/>, so
/// <c>loss: "mse"</c> works wherever a <see cref="Loss"/> is expected.
/// </remarks>
/// <example>
/// <code>
/// public sealed class MeanCubicError : Loss
/// {
///     public MeanCubicError() : base("mean_cubic_error") { }
///     public override Tensor Call(Tensor yTrue, Tensor yPred) =>
///         Ops.Mean(Ops.Abs(Ops.Power(yPred - yTrue, 3f)), -1);
/// }
///
/// Loss loss = "mse";                      // MeanSquaredError
/// var value = loss.Compute(yTrue, yPred); // scalar tensor
/// </code>
/// </example>
public abstract class Loss
{
    private static readonly (string Id, Func<Loss> Factory)[] s_identifiers =
    [
        ("BinaryCrossentropy", static () => new BinaryCrossentropy()),
        ("binary_crossentropy", static () => new BinaryCrossentropy()),
        ("bce", static () => new BinaryCrossentropy()),
        ("BCE", static () => new BinaryCrossentropy()),
        ("CategoricalCrossentropy", static () => new CategoricalCrossentropy()),
        ("categorical_crossentropy", static () => new CategoricalCrossentropy()),
        ("SparseCategoricalCrossentropy", static () => new SparseCategoricalCrossentropy()),
        ("sparse_categorical_crossentropy", static () => new SparseCategoricalCrossentropy()),
        ("MeanSquaredError", static () => new MeanSquaredError()),
        ("mean_squared_error", static () => new MeanSquaredError()),
        ("mse", static () => new MeanSquaredError()),
        ("MSE", static () => new MeanSquaredError()),
        ("MeanAbsoluteError", static () => new MeanAbsoluteError()),
        ("mean_absolute_error", static () => new MeanAbsoluteError()),
        ("mae", static () => new MeanAbsoluteError()),
        ("MAE", static () => new MeanAbsoluteError()),
        ("Huber", static () => new Huber()),
        ("huber", static () => new Huber()),
    ];

    /// <summary>Creates a loss.</summary>
    /// <param name="name">The loss name; null or empty gives a unique snake_case name from the class name, as Keras' <c>auto_name</c>.</param>
    /// <param name="reduction">
    /// How <see cref="Compute"/> reduces the per-sample losses: <c>"sum_over_batch_size"</c> (default), <c>"sum"</c>,
    /// <c>"mean"</c>, <c>"mean_with_sample_weight"</c> or <c>"none"</c>.
    /// </param>
    /// <exception cref="ArgumentException">The reduction is not one of the supported values.</exception>
    protected Loss(string name, string reduction = "sum_over_batch_size")
    {
        Reduction = LossUtils.StandardizeReduction(reduction);
        Name = string.IsNullOrEmpty(name) ? Keras.UniqueName(Keras.ToSnakeCase(GetType().Name)) : name;
    }

    /// <summary>The loss name (Keras <c>name</c>).</summary>
    public string Name { get; }

    /// <summary>The reduction applied by <see cref="Compute"/> (Keras <c>reduction</c>).</summary>
    public string Reduction { get; }

    /// <summary>
    /// The per-sample losses. The result has the shape of <paramref name="yPred"/> without its last axis (e.g.
    /// <c>(batch,)</c>) and is built only from <see cref="Ops"/>, so it is differentiable with respect to
    /// <paramref name="yPred"/>.
    /// </summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    public abstract Tensor Call(Tensor yTrue, Tensor yPred);

    /// <summary>
    /// The loss as Keras' <c>loss(y_true, y_pred, sample_weight)</c>: <see cref="Call"/>, then sample weights, then the
    /// <see cref="Reduction"/>. Returns a scalar tensor, or the weighted per-sample losses for <c>"none"</c>.
    /// </summary>
    /// <remarks>
    /// <c>"sum_over_batch_size"</c> and <c>"mean"</c> divide the weighted sum by the number of per-sample values (not by
    /// the sum of the weights); <c>"mean_with_sample_weight"</c> divides by the sum of the weights (0 when that sum is 0).
    /// A sample weight of shape <c>(batch,)</c> or <c>(batch, 1)</c> multiplies the per-sample losses; a scalar weight
    /// scales all of them.
    /// </remarks>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="sampleWeight">Optional weights that broadcast to the per-sample losses.</param>
    /// <exception cref="ArgumentException">Shapes that cannot be aligned, or invalid labels.</exception>
    public Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var values = Call(yTrue, yPred);
        var mask = ComputeMask(yTrue, yPred);
        return LossUtils.ReduceWeightedValues(values, sampleWeight, mask, Reduction, Name);
    }

    /// <summary>
    /// A mask with the shape of <see cref="Call"/>'s result (1 for samples that count, 0 for excluded ones), or null.
    /// It plays the role of the Keras mask a loss function attaches to its result (e.g. <c>ignore_class</c>).
    /// </summary>
    private protected virtual Tensor? ComputeMask(Tensor yTrue, Tensor yPred) => null;

    /// <summary>The configuration with Keras' snake_case keys (<c>name</c>, <c>reduction</c>, then the loss's own arguments).</summary>
    public virtual JsonObject GetConfig() => new()
    {
        ["name"] = Name,
        ["reduction"] = Reduction,
    };

    /// <summary>
    /// The loss for a Keras string identifier: a class name (<c>"MeanSquaredError"</c>), a function name
    /// (<c>"mean_squared_error"</c>) or an alias (<c>"mse"</c>, <c>"MSE"</c>, <c>"mae"</c>, <c>"bce"</c>, …). Matching
    /// is case-sensitive, as in Keras. Each call returns a new instance with the Keras defaults.
    /// </summary>
    /// <param name="identifier">The identifier.</param>
    /// <exception cref="ArgumentException">The identifier is unknown; the message lists the valid ones.</exception>
    public static Loss Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        foreach (var (id, factory) in s_identifiers)
        {
            if (string.Equals(id, identifier, StringComparison.Ordinal))
            {
                return factory();
            }
        }
        throw new ArgumentException(
            $"Could not interpret loss identifier: '{identifier}'. Valid identifiers: {string.Join(", ", ValidIdentifiers)}.",
            nameof(identifier));
    }

    /// <summary>The string identifiers <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> ValidIdentifiers { get; } = Array.ConvertAll(s_identifiers, static e => e.Id);

    /// <summary>The loss for a Keras string identifier (see <see cref="Get"/>).</summary>
    /// <param name="identifier">The identifier, e.g. <c>"sparse_categorical_crossentropy"</c>.</param>
    public static implicit operator Loss(string identifier) => Get(identifier);

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}(name='{Name}', reduction='{Reduction}')";
}
