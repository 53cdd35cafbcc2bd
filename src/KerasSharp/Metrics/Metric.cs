using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// Base class of Keras metrics (<c>keras.metrics.Metric</c>): a stateful, streaming, non-differentiable summary of
/// a model's predictions. <see cref="UpdateState"/> folds one batch into the state, <see cref="Result"/> reads the
/// value so far and <see cref="ResetState"/> starts over (the trainer does this at the start of every epoch).
/// </summary>
/// <remarks>
/// <para>Metrics read tensor spans directly into <see cref="double"/> accumulators. They never record on a
/// <see cref="GradientTape"/>, and the built-in accuracy and error metrics allocate nothing per update.</para>
/// <para>Metrics can be given as strings wherever Keras accepts them (<c>metrics: ["accuracy", "mae"]</c>), through
/// the implicit conversion from <see cref="string"/>, which calls <see cref="Get"/>.</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new BinaryAccuracy();
/// m.UpdateState(Tensor.FromArray(new float[,] { { 1 }, { 0 } }), Tensor.FromArray(new float[,] { { 0.9f }, { 0.7f } }));
/// Console.WriteLine(m.Result());   // 0.5
/// </code>
/// </example>
public abstract class Metric
{
    private static readonly (string Id, Func<Metric> Create)[] s_registry =
    [
        ("binary_accuracy", static () => new BinaryAccuracy()),
        ("BinaryAccuracy", static () => new BinaryAccuracy()),
        ("categorical_accuracy", static () => new CategoricalAccuracy()),
        ("CategoricalAccuracy", static () => new CategoricalAccuracy()),
        ("sparse_categorical_accuracy", static () => new SparseCategoricalAccuracy()),
        ("SparseCategoricalAccuracy", static () => new SparseCategoricalAccuracy()),
        ("mean_squared_error", static () => new MeanSquaredError()),
        ("MeanSquaredError", static () => new MeanSquaredError()),
        ("mse", static () => new MeanSquaredError()),
        ("MSE", static () => new MeanSquaredError()),
        ("mean_absolute_error", static () => new MeanAbsoluteError()),
        ("MeanAbsoluteError", static () => new MeanAbsoluteError()),
        ("mae", static () => new MeanAbsoluteError()),
        ("MAE", static () => new MeanAbsoluteError()),
        ("mean", static () => new Mean()),
        ("Mean", static () => new Mean()),
        ("sum", static () => new Sum()),
        ("Sum", static () => new Sum()),
        ("root_mean_squared_error", static () => new RootMeanSquaredError()),
        ("RootMeanSquaredError", static () => new RootMeanSquaredError()),
        ("mean_absolute_percentage_error", static () => new MeanAbsolutePercentageError()),
        ("MeanAbsolutePercentageError", static () => new MeanAbsolutePercentageError()),
        ("mape", static () => new MeanAbsolutePercentageError()),
        ("MAPE", static () => new MeanAbsolutePercentageError()),
        ("mean_squared_logarithmic_error", static () => new MeanSquaredLogarithmicError()),
        ("MeanSquaredLogarithmicError", static () => new MeanSquaredLogarithmicError()),
        ("msle", static () => new MeanSquaredLogarithmicError()),
        ("MSLE", static () => new MeanSquaredLogarithmicError()),
        ("cosine_similarity", static () => new CosineSimilarity()),
        ("CosineSimilarity", static () => new CosineSimilarity()),
        ("log_cosh_error", static () => new LogCoshError()),
        ("LogCoshError", static () => new LogCoshError()),
        ("logcosh", static () => new LogCoshError()),
        ("r2_score", static () => new R2Score()),
        ("R2Score", static () => new R2Score()),
        ("auc", static () => new AUC()),
        ("AUC", static () => new AUC()),
        ("true_positives", static () => new TruePositives()),
        ("TruePositives", static () => new TruePositives()),
        ("true_negatives", static () => new TrueNegatives()),
        ("TrueNegatives", static () => new TrueNegatives()),
        ("false_positives", static () => new FalsePositives()),
        ("FalsePositives", static () => new FalsePositives()),
        ("false_negatives", static () => new FalseNegatives()),
        ("FalseNegatives", static () => new FalseNegatives()),
        ("precision", static () => new Precision()),
        ("Precision", static () => new Precision()),
        ("recall", static () => new Recall()),
        ("Recall", static () => new Recall()),
        ("pearson_correlation", static () => new PearsonCorrelation()),
        ("PearsonCorrelation", static () => new PearsonCorrelation()),
        ("concordance_correlation", static () => new ConcordanceCorrelation()),
        ("ConcordanceCorrelation", static () => new ConcordanceCorrelation()),
        ("hinge", static () => new Hinge()),
        ("Hinge", static () => new Hinge()),
        ("squared_hinge", static () => new SquaredHinge()),
        ("SquaredHinge", static () => new SquaredHinge()),
        ("categorical_hinge", static () => new CategoricalHinge()),
        ("CategoricalHinge", static () => new CategoricalHinge()),
        ("kl_divergence", static () => new KLDivergence()),
        ("KLDivergence", static () => new KLDivergence()),
        ("kld", static () => new KLDivergence()),
        ("KLD", static () => new KLDivergence()),
        ("kullback_leibler_divergence", static () => new KLDivergence()),
        ("poisson", static () => new Poisson()),
        ("Poisson", static () => new Poisson()),
        ("binary_crossentropy", static () => new BinaryCrossentropy()),
        ("BinaryCrossentropy", static () => new BinaryCrossentropy()),
        ("bce", static () => new BinaryCrossentropy()),
        ("BCE", static () => new BinaryCrossentropy()),
        ("categorical_crossentropy", static () => new CategoricalCrossentropy()),
        ("CategoricalCrossentropy", static () => new CategoricalCrossentropy()),
        ("sparse_categorical_crossentropy", static () => new SparseCategoricalCrossentropy()),
        ("SparseCategoricalCrossentropy", static () => new SparseCategoricalCrossentropy()),
        ("top_k_categorical_accuracy", static () => new TopKCategoricalAccuracy()),
        ("TopKCategoricalAccuracy", static () => new TopKCategoricalAccuracy()),
        ("sparse_top_k_categorical_accuracy", static () => new SparseTopKCategoricalAccuracy()),
        ("SparseTopKCategoricalAccuracy", static () => new SparseTopKCategoricalAccuracy()),
        ("f1_score", static () => new F1Score()),
        ("F1Score", static () => new F1Score()),
        ("f_beta_score", static () => new FBetaScore()),
        ("FBetaScore", static () => new FBetaScore()),
    ];

    private string _name;

    /// <summary>Creates a metric with the given name.</summary>
    /// <param name="name">The metric's name, used as its key in the training logs and history.</param>
    protected Metric(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _name = name;
    }

    /// <summary>
    /// The metric's name: its key in the training logs and <c>History</c>. Settable because <c>Compile</c> renames a
    /// metric given as a string to that string (<c>"acc"</c>, <c>"mae"</c>), as Keras does.
    /// </summary>
    public string Name
    {
        get => _name;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _name = value;
        }
    }

    /// <summary>Folds one batch into the metric's state (Keras <c>update_state(y_true, y_pred, sample_weight)</c>).</summary>
    /// <param name="yTrue">The targets, with the batch on the first axis.</param>
    /// <param name="yPred">The predictions, with the batch on the first axis.</param>
    /// <param name="sampleWeight">Optional per-sample weights of shape <c>(batch,)</c> (or <c>(batch, 1)</c>, or a
    /// single value for all samples); a weight of 0 masks a sample. Defaults to 1 for every sample.</param>
    public abstract void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null);

    /// <summary>The metric's value over everything seen since the last reset (0 before any sample, as in Keras).</summary>
    /// <remarks>
    /// A few metrics can have several values (Keras returns a vector from <c>result()</c>): <see cref="FBetaScore"/> and
    /// <see cref="F1Score"/> with <c>average: null</c>, <see cref="R2Score"/> with <c>classAggregation: null</c>, and the
    /// thresholded metrics (<see cref="Precision"/>, <see cref="TruePositives"/>, …) given several thresholds. For
    /// those, <see cref="Result"/> is the mean of <see cref="ResultValues"/> (the number Keras' progress bar shows and
    /// what the training logs record), and <see cref="ResultValues"/> gives every value.
    /// </remarks>
    public abstract double Result();

    /// <summary>
    /// Every value of the result: one per class, label or threshold for the metrics whose Keras <c>result()</c> is a
    /// vector, else the single value of <see cref="Result"/>.
    /// </summary>
    /// <returns>A new array on every call.</returns>
    public virtual double[] ResultValues() => [Result()];

    /// <summary>The mean of several values, or 0 for none (how <see cref="Result"/> summarises a vector result).</summary>
    /// <param name="values">The values.</param>
    private protected static double MeanOf(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }
        double s = 0;
        foreach (var v in values)
        {
            s += v;
        }
        return s / values.Length;
    }

    /// <summary>Clears the state, as at construction.</summary>
    public abstract void ResetState();

    /// <summary>The Keras config: <c>{"name": …, "dtype": "float32"}</c> plus any metric-specific keys.</summary>
    /// <returns>A new JSON object on every call.</returns>
    public virtual JsonObject GetConfig() => new()
    {
        ["name"] = Name,
        ["dtype"] = "float32",
    };

    /// <summary>Keras' representation, e.g. <c>&lt;BinaryAccuracy name=acc&gt;</c>.</summary>
    public override string ToString() => $"<{GetType().Name} name={Name}>";

    /// <summary>
    /// The metric named by a Keras string identifier, as <c>compile(metrics=[…])</c> resolves it
    /// (<c>keras/src/trainers/compile_utils.py</c> <c>get_metric</c>).
    /// </summary>
    /// <remarks>
    /// <para><c>"accuracy"</c> and <c>"acc"</c> (in any letter case, as in Keras) give an <see cref="AccuracyPlaceholder"/>,
    /// which the trainer replaces on the first batch with <see cref="ResolveAccuracy"/>.</para>
    /// <para>The other identifiers are <c>"binary_accuracy"</c>, <c>"categorical_accuracy"</c>,
    /// <c>"sparse_categorical_accuracy"</c>, <c>"mean_squared_error"</c>/<c>"mse"</c>/<c>"MSE"</c>,
    /// <c>"mean_absolute_error"</c>/<c>"mae"</c>/<c>"MAE"</c>, <c>"mean"</c>, <c>"sum"</c>, <c>"auc"</c>,
    /// <c>"precision"</c>, <c>"recall"</c>, <c>"true_positives"</c> (and the other counts), <c>"top_k_categorical_accuracy"</c>,
    /// <c>"sparse_top_k_categorical_accuracy"</c>, <c>"mape"</c>, <c>"msle"</c>, <c>"cosine_similarity"</c>,
    /// <c>"logcosh"</c>, <c>"kld"</c>/<c>"kl_divergence"</c>, <c>"poisson"</c>, <c>"hinge"</c>, <c>"squared_hinge"</c>,
    /// <c>"categorical_hinge"</c>, <c>"bce"</c>/<c>"binary_crossentropy"</c>, <c>"categorical_crossentropy"</c>,
    /// <c>"sparse_categorical_crossentropy"</c>, <c>"r2_score"</c>, <c>"f1_score"</c>, <c>"f_beta_score"</c>,
    /// <c>"pearson_correlation"</c>, <c>"concordance_correlation"</c>, <c>"root_mean_squared_error"</c>, and the class
    /// names (<c>"BinaryAccuracy"</c>, <c>"AUC"</c>, …): Keras' snake-case and class-name table plus the Keras 2 function
    /// names <c>"logcosh"</c>, <c>"kld"</c> and <c>"kullback_leibler_divergence"</c>. Metrics with a required argument
    /// (<see cref="IoU"/>, <see cref="PrecisionAtRecall"/>, …) have no string form, as in Keras. Identifiers are
    /// case-sensitive, as in Keras.</para>
    /// <para>The returned metric's <see cref="Name"/> is the identifier exactly as given, because in Keras the history key
    /// is the string the user passed: <c>metrics: ["mae"]</c> logs <c>mae</c>, not <c>mean_absolute_error</c>.</para>
    /// </remarks>
    /// <param name="identifier">The Keras identifier.</param>
    /// <returns>A new metric named <paramref name="identifier"/>.</returns>
    /// <exception cref="ArgumentException">The identifier is unknown; the message lists the valid ones.</exception>
    public static Metric Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (IsAccuracyId(identifier))
        {
            return new AccuracyPlaceholder(identifier);
        }
        foreach (var (id, create) in s_registry)
        {
            if (string.Equals(id, identifier, StringComparison.Ordinal))
            {
                var metric = create();
                metric.Name = identifier;
                return metric;
            }
        }
        throw new ArgumentException(
            $"Could not interpret metric identifier: '{identifier}'. Valid identifiers: {string.Join(", ", ValidIdentifiers())}.",
            nameof(identifier));
    }

    /// <summary>The metric named by a Keras string identifier (see <see cref="Get"/>).</summary>
    /// <param name="identifier">The Keras identifier, e.g. <c>"accuracy"</c> or <c>"mae"</c>.</param>
    public static implicit operator Metric(string identifier) => Get(identifier);

    /// <summary>
    /// Chooses the accuracy metric for the string <c>"accuracy"</c>/<c>"acc"</c> from the shapes of the targets and
    /// predictions, with Keras' rule (<c>keras/src/trainers/compile_utils.py</c>
    /// <c>is_binary_or_sparse_categorical</c>): <see cref="BinaryAccuracy"/> if <c>yPred.shape[-1] == 1</c>; else
    /// <see cref="SparseCategoricalAccuracy"/> if <c>rank(yTrue) &lt; rank(yPred)</c> or
    /// (<c>yTrue.shape[-1] == 1</c> and <c>yPred.shape[-1] &gt; 1</c>); else <see cref="CategoricalAccuracy"/>.
    /// </summary>
    /// <param name="name">The returned metric's name: the string the user gave (<c>"accuracy"</c> or <c>"acc"</c>).</param>
    /// <param name="yTrueShape">Shape of the targets (at least rank 1).</param>
    /// <param name="yPredShape">Shape of the predictions (at least rank 1).</param>
    /// <returns>A new metric named <paramref name="name"/>.</returns>
    /// <exception cref="ArgumentException">A shape is a scalar (it has no last axis to decide from).</exception>
    public static Metric ResolveAccuracy(string name, Shape yTrueShape, Shape yPredShape)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (yTrueShape.Rank == 0 || yPredShape.Rank == 0)
        {
            throw new ArgumentException(
                $"Cannot choose an accuracy metric for '{name}' from scalar shapes: y_true has shape {yTrueShape} and " +
                $"y_pred has shape {yPredShape}; expected tensors with a batch axis.");
        }
        int trueLast = yTrueShape[^1];
        int predLast = yPredShape[^1];
        if (predLast == 1)
        {
            return new BinaryAccuracy(name);
        }
        if (yTrueShape.Rank < yPredShape.Rank || (trueLast == 1 && predLast > 1))
        {
            return new SparseCategoricalAccuracy(name);
        }
        return new CategoricalAccuracy(name);
    }

    /// <summary>Reads the metric name from a config, or <paramref name="defaultName"/> when absent.</summary>
    private protected static string ReadName(JsonObject config, string defaultName)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : defaultName;
    }

    private static bool IsAccuracyId(string identifier) =>
        string.Equals(identifier, "accuracy", StringComparison.OrdinalIgnoreCase)
        || string.Equals(identifier, "acc", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> ValidIdentifiers()
    {
        yield return "accuracy";
        yield return "acc";
        foreach (var (id, _) in s_registry)
        {
            yield return id;
        }
    }
}
