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
    public abstract double Result();

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
    /// <c>"mean_absolute_error"</c>/<c>"mae"</c>/<c>"MAE"</c>, <c>"mean"</c> and the class names
    /// (<c>"BinaryAccuracy"</c>, …). They are case-sensitive, as in Keras.</para>
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
