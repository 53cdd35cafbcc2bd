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
    // Keras' ALL_OBJECTS_DICT: each loss by its class name and function name, the short aliases Keras adds, and the
    // legacy aliases Keras 3 still exports ("logcosh", "kullback_leibler_divergence").
    private static readonly (string Id, Func<Loss> Factory)[] s_identifiers =
    [
        .. Ids(static () => new BinaryCrossentropy(), "BinaryCrossentropy", "binary_crossentropy", "bce", "BCE"),
        .. Ids(static () => new BinaryFocalCrossentropy(), "BinaryFocalCrossentropy", "binary_focal_crossentropy"),
        .. Ids(static () => new CategoricalCrossentropy(), "CategoricalCrossentropy", "categorical_crossentropy"),
        .. Ids(static () => new CategoricalFocalCrossentropy(), "CategoricalFocalCrossentropy", "categorical_focal_crossentropy"),
        .. Ids(static () => new SparseCategoricalCrossentropy(), "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"),
        .. Ids(static () => new KLDivergence(), "KLDivergence", "kl_divergence", "kld", "KLD", "kullback_leibler_divergence"),
        .. Ids(static () => new Poisson(), "Poisson", "poisson"),
        .. Ids(static () => new MeanSquaredError(), "MeanSquaredError", "mean_squared_error", "mse", "MSE"),
        .. Ids(static () => new MeanAbsoluteError(), "MeanAbsoluteError", "mean_absolute_error", "mae", "MAE"),
        .. Ids(static () => new MeanAbsolutePercentageError(), "MeanAbsolutePercentageError", "mean_absolute_percentage_error", "mape", "MAPE"),
        .. Ids(static () => new MeanSquaredLogarithmicError(), "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "msle", "MSLE"),
        .. Ids(static () => new CosineSimilarity(), "CosineSimilarity", "cosine_similarity"),
        .. Ids(static () => new LogCosh(), "LogCosh", "log_cosh", "logcosh"),
        .. Ids(static () => new Huber(), "Huber", "huber"),
        .. Ids(static () => new Hinge(), "Hinge", "hinge"),
        .. Ids(static () => new SquaredHinge(), "SquaredHinge", "squared_hinge"),
        .. Ids(static () => new CategoricalHinge(), "CategoricalHinge", "categorical_hinge"),
        .. Ids(static () => new Dice(), "Dice", "dice"),
        .. Ids(static () => new Tversky(), "Tversky", "tversky"),
    ];

    private static IEnumerable<(string Id, Func<Loss> Factory)> Ids(Func<Loss> factory, params string[] ids) =>
        ids.Select(id => (id, factory));

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
    /// (<c>"mean_squared_error"</c>) or an alias (<c>"mse"</c>, <c>"MSE"</c>, <c>"mae"</c>, <c>"mape"</c>, <c>"msle"</c>,
    /// <c>"kld"</c>, <c>"bce"</c>, <c>"logcosh"</c>, …). Matching
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
