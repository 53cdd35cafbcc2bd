using KerasSharp.Engine;

namespace KerasSharp.Activations;

/// <summary>
/// An activation function, usable wherever Keras accepts one: <c>new Dense(64, activation: "relu")</c> or
/// <c>activation: ActivationFunction.Relu</c>. Strings are Keras' ids (<c>"relu"</c>, <c>"sigmoid"</c>, <c>"swish"</c>, …).
/// </summary>
/// <remarks>
/// <para>
/// The static properties are Keras' functions with their default arguments. Where a Keras function takes arguments
/// (<c>keras.activations.elu(x, alpha=0.5)</c>), a factory named after it with <c>With</c> takes them with Keras'
/// names and defaults: <c>ActivationFunction.EluWith(alpha: 0.5)</c>. With the default arguments a factory returns
/// the property's instance itself.
/// </para>
/// <para>
/// Configs write an activation by <see cref="Name"/>, as Keras 3 does. The name of an activation with other than the
/// default arguments is the Keras id followed by those arguments in Python keyword syntax, e.g.
/// <c>gelu(approximate=True)</c> or <c>relu(negative_slope=0.1, max_value=6.0)</c>; <see cref="Get"/> (and so every
/// layer's <c>FromConfig</c>) reads such a name back, so a model saved with one loads with the same function.
/// Keras itself cannot save an activation with bound arguments (a <c>functools.partial</c>) and rejects such a
/// name when it loads the file, rather than silently using the defaults.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// ActivationFunction act = "gelu";
/// var y = act.Call(Tensor.FromArray([-1f, 0f, 1f]));
/// var tanhGelu = ActivationFunction.GeluWith(approximate: true);        // Name: gelu(approximate=True)
/// var sameAgain = ActivationFunction.Get("gelu(approximate=True)");
/// var custom = ActivationFunction.FromFunction("cube", x => x * x * x);
/// </code>
/// </example>
public abstract class ActivationFunction
{
    /// <summary>Creates an activation with a Keras name.</summary>
    /// <param name="name">The Keras id, e.g. <c>relu</c>.</param>
    protected ActivationFunction(string name) => Name = name;

    /// <summary>The Keras id, as written in configs (e.g. <c>relu</c>, or <c>elu(alpha=0.5)</c> with arguments).</summary>
    public string Name { get; }

    /// <summary>Applies the activation (differentiable).</summary>
    /// <param name="x">The input.</param>
    public abstract Tensor Call(Tensor x);

    /// <summary>The output shape for an input of <paramref name="inputShape"/> (the same, except for <c>glu</c>).</summary>
    internal virtual Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <summary>Identity.</summary>
    public static ActivationFunction Linear { get; } = Default("linear");

    /// <summary><c>max(x, 0)</c>; see <see cref="ReluWith"/> for Keras' slope, cap and threshold.</summary>
    public static ActivationFunction Relu { get; } = Default("relu");

    /// <summary><c>min(max(x, 0), 6)</c>.</summary>
    public static ActivationFunction Relu6 { get; } = Default("relu6");

    /// <summary>Logistic sigmoid.</summary>
    public static ActivationFunction Sigmoid { get; } = Default("sigmoid");

    /// <summary>Hyperbolic tangent.</summary>
    public static ActivationFunction Tanh { get; } = Default("tanh");

    /// <summary>Softmax over the last axis; see <see cref="SoftmaxWith"/> for another axis.</summary>
    public static ActivationFunction Softmax { get; } = Default("softmax");

    /// <summary>Log-softmax over the last axis; see <see cref="LogSoftmaxWith"/> for another axis.</summary>
    public static ActivationFunction LogSoftmax { get; } = Default("log_softmax");

    /// <summary>Leaky ReLU with Keras' function default slope 0.2; see <see cref="LeakyReluWith"/>.</summary>
    public static ActivationFunction LeakyRelu { get; } = Default("leaky_relu");

    /// <summary>ELU with alpha 1; see <see cref="EluWith"/>.</summary>
    public static ActivationFunction Elu { get; } = Default("elu");

    /// <summary>Scaled ELU.</summary>
    public static ActivationFunction Selu { get; } = Default("selu");

    /// <summary><c>log(1 + eˣ)</c>.</summary>
    public static ActivationFunction Softplus { get; } = Default("softplus");

    /// <summary><c>x / (1 + |x|)</c>.</summary>
    public static ActivationFunction Softsign { get; } = Default("softsign");

    /// <summary><c>x · sigmoid(x)</c> (Keras' <c>silu</c>; <c>swish</c> is an alias).</summary>
    public static ActivationFunction Silu { get; } = Default("silu");

    /// <summary>Keras' alias of <see cref="Silu"/> (the same instance; configs write <c>silu</c>).</summary>
    public static ActivationFunction Swish => Silu;

    /// <summary>GELU, exact (erf) form as Keras' default; <see cref="GeluApproximate"/> is the tanh form.</summary>
    public static ActivationFunction Gelu { get; } = Default("gelu");

    /// <summary>GELU's tanh approximation, Keras' <c>gelu(x, approximate=True)</c>; its name is <c>gelu(approximate=True)</c>.</summary>
    public static ActivationFunction GeluApproximate { get; } = new BuiltinActivation(ActivationDefinition.Of("gelu"), [1]);

    /// <summary>Keras 3 hard sigmoid <c>relu6(x + 3) / 6</c>.</summary>
    public static ActivationFunction HardSigmoid { get; } = Default("hard_sigmoid");

    /// <summary><c>eˣ</c>.</summary>
    public static ActivationFunction Exponential { get; } = Default("exponential");

    /// <summary>Mish <c>x · tanh(softplus(x))</c>.</summary>
    public static ActivationFunction Mish { get; } = Default("mish");

    /// <summary><c>log(sigmoid(x))</c>, computed stably.</summary>
    public static ActivationFunction LogSigmoid { get; } = Default("log_sigmoid");

    /// <summary>Hard SiLU <c>x · relu6(x + 3) / 6</c> (Keras' <c>hard_silu</c>; <c>hard_swish</c> is an alias).</summary>
    public static ActivationFunction HardSilu { get; } = Default("hard_silu");

    /// <summary>Keras' alias of <see cref="HardSilu"/> (the same instance; configs write <c>hard_silu</c>).</summary>
    public static ActivationFunction HardSwish => HardSilu;

    /// <summary><c>clip(x, −1, 1)</c>.</summary>
    public static ActivationFunction HardTanh { get; } = Default("hard_tanh");

    /// <summary>Sparse plus: 0 for x ≤ −1, <c>(x + 1)²/4</c> between, <c>x</c> for x ≥ 1.</summary>
    public static ActivationFunction SparsePlus { get; } = Default("sparse_plus");

    /// <summary>Sparse sigmoid: 0 for x ≤ −1, <c>(x + 1)/2</c> between, 1 for x ≥ 1.</summary>
    public static ActivationFunction SparseSigmoid { get; } = Default("sparse_sigmoid");

    /// <summary><c>x − tanh(x)</c>.</summary>
    public static ActivationFunction TanhShrink { get; } = Default("tanh_shrink");

    /// <summary>CELU with alpha 1; see <see cref="CeluWith"/>.</summary>
    public static ActivationFunction Celu { get; } = Default("celu");

    /// <summary>Gated linear unit over the last axis (halves it); see <see cref="GluWith"/>.</summary>
    public static ActivationFunction Glu { get; } = Default("glu");

    /// <summary>Squareplus with b = 4; see <see cref="SquareplusWith"/>.</summary>
    public static ActivationFunction Squareplus { get; } = Default("squareplus");

    /// <summary>Soft shrink with threshold 0.5; see <see cref="SoftShrinkWith"/>.</summary>
    public static ActivationFunction SoftShrink { get; } = Default("soft_shrink");

    /// <summary>Hard shrink with threshold 0.5; see <see cref="HardShrinkWith"/>.</summary>
    public static ActivationFunction HardShrink { get; } = Default("hard_shrink");

    /// <summary>Sparsemax over the last axis; see <see cref="SparsemaxWith"/>.</summary>
    public static ActivationFunction Sparsemax { get; } = Default("sparsemax");

    /// <summary>
    /// Keras' <c>relu(x, negative_slope, max_value, threshold)</c>: <c>min(x, maxValue)</c> for
    /// <c>x &gt; threshold</c>, otherwise <c>negativeSlope · (x − threshold)</c>.
    /// </summary>
    /// <param name="negativeSlope">Slope below the threshold.</param>
    /// <param name="maxValue">The largest output; null means unbounded.</param>
    /// <param name="threshold">Values at or below it are damped.</param>
    public static ActivationFunction ReluWith(double negativeSlope = 0.0, double? maxValue = null, double threshold = 0.0) =>
        Create("relu", negativeSlope, maxValue, threshold);

    /// <summary>Keras' <c>leaky_relu(x, negative_slope)</c>.</summary>
    /// <param name="negativeSlope">Slope for negative inputs (Keras' default 0.2).</param>
    public static ActivationFunction LeakyReluWith(double negativeSlope = 0.2) => Create("leaky_relu", negativeSlope);

    /// <summary>Keras' <c>elu(x, alpha)</c>: <c>x</c> for x &gt; 0, else <c>alpha·(eˣ − 1)</c>.</summary>
    /// <param name="alpha">Scale of the negative part (Keras' default 1.0).</param>
    public static ActivationFunction EluWith(double alpha = 1.0) => Create("elu", alpha);

    /// <summary>Keras' <c>celu(x, alpha)</c>: <c>x</c> for x ≥ 0, else <c>alpha·(e^(x/alpha) − 1)</c>.</summary>
    /// <param name="alpha">The scale α (Keras' default 1.0).</param>
    public static ActivationFunction CeluWith(double alpha = 1.0) => Create("celu", alpha);

    /// <summary>Keras' <c>gelu(x, approximate)</c>.</summary>
    /// <param name="approximate">Use the tanh approximation (the same as <see cref="GeluApproximate"/>).</param>
    public static ActivationFunction GeluWith(bool approximate = false) => approximate ? GeluApproximate : Gelu;

    /// <summary>Keras' <c>glu(x, axis)</c>: the halves <c>a</c>, <c>b</c> of <paramref name="axis"/> give <c>a·sigmoid(b)</c>.</summary>
    /// <param name="axis">The axis to split (size must be even); -1 is the last.</param>
    public static ActivationFunction GluWith(int axis = -1) => Create("glu", axis);

    /// <summary>Keras' <c>squareplus(x, b)</c>: <c>(x + √(x² + b)) / 2</c>.</summary>
    /// <param name="b">The smoothness parameter (Keras' default 4).</param>
    public static ActivationFunction SquareplusWith(double b = 4.0) => Create("squareplus", b);

    /// <summary>Keras' <c>soft_shrink(x, threshold)</c>.</summary>
    /// <param name="threshold">The threshold (Keras' default 0.5).</param>
    public static ActivationFunction SoftShrinkWith(double threshold = 0.5) => Create("soft_shrink", threshold);

    /// <summary>Keras' <c>hard_shrink(x, threshold)</c>.</summary>
    /// <param name="threshold">The threshold (Keras' default 0.5).</param>
    public static ActivationFunction HardShrinkWith(double threshold = 0.5) => Create("hard_shrink", threshold);

    /// <summary>Keras' <c>softmax(x, axis)</c>.</summary>
    /// <param name="axis">The axis; -1 is the last.</param>
    public static ActivationFunction SoftmaxWith(int axis = -1) => Create("softmax", axis);

    /// <summary>Keras' <c>log_softmax(x, axis)</c>.</summary>
    /// <param name="axis">The axis; -1 is the last.</param>
    public static ActivationFunction LogSoftmaxWith(int axis = -1) => Create("log_softmax", axis);

    /// <summary>Keras' <c>sparsemax(x, axis)</c>.</summary>
    /// <param name="axis">The axis; -1 is the last.</param>
    public static ActivationFunction SparsemaxWith(int axis = -1) => Create("sparsemax", axis);

    /// <summary>
    /// Keras' <c>threshold(x, threshold, default_value)</c>: <c>x</c> where <c>x &gt; threshold</c>, else
    /// <paramref name="defaultValue"/>. Keras gives it no defaults, so it has no property and no plain string id.
    /// </summary>
    /// <param name="threshold">Values at or below it are replaced.</param>
    /// <param name="defaultValue">The replacement value.</param>
    public static ActivationFunction Threshold(double threshold, double defaultValue) => Create("threshold", threshold, defaultValue);

    private static readonly Dictionary<string, ActivationFunction> s_registry = BuildRegistry();

    /// <summary>The Keras ids this registry accepts without arguments (aliases included).</summary>
    public static IReadOnlyCollection<string> Names => s_registry.Keys;

    /// <summary>
    /// Looks up an activation by Keras id; null or empty means <c>linear</c>, as in Keras. An id may carry keyword
    /// arguments in Python syntax, as <see cref="Name"/> writes them: <c>"elu(alpha=0.5)"</c>,
    /// <c>"threshold(threshold=0.0, default_value=-1.0)"</c>.
    /// </summary>
    /// <param name="identifier">The id, e.g. <c>"relu"</c>.</param>
    /// <exception cref="ArgumentException">The id is unknown (the message lists the valid ones), or its arguments are not the function's.</exception>
    public static ActivationFunction Get(string? identifier)
    {
        if (string.IsNullOrEmpty(identifier))
        {
            return Linear;
        }
        if (s_registry.TryGetValue(identifier, out var act))
        {
            return act;
        }
        int open = identifier.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && identifier.EndsWith(')') && ActivationDefinition.ById.TryGetValue(identifier[..open].Trim(), out var definition))
        {
            return Create(definition, definition.ParseArguments(identifier[(open + 1)..^1], identifier));
        }
        if (identifier == "threshold")
        {
            throw new ArgumentException(
                "Could not interpret activation function identifier: 'threshold'. threshold needs its threshold and default_value arguments: " +
                "use ActivationFunction.Threshold(threshold, defaultValue) or an id such as 'threshold(threshold=0.0, default_value=0.0)'.",
                nameof(identifier));
        }
        throw new ArgumentException(
            $"Could not interpret activation function identifier: '{identifier}'. Valid identifiers: {string.Join(", ", s_registry.Keys.Order(StringComparer.Ordinal))}, threshold(threshold=…, default_value=…).",
            nameof(identifier));
    }

    /// <summary>Wraps a function built from <see cref="Ops"/> as an activation (gradients come from the ops).</summary>
    /// <param name="name">A name for configs and summaries.</param>
    /// <param name="function">The function.</param>
    public static ActivationFunction FromFunction(string name, Func<Tensor, Tensor> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new UserFunction(name, function);
    }

    /// <summary>Looks up a Keras id (see <see cref="Get"/>).</summary>
    public static implicit operator ActivationFunction(string? identifier) => Get(identifier);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static BuiltinActivation Default(string id)
    {
        var definition = ActivationDefinition.Of(id);
        return new BuiltinActivation(definition, definition.Defaults);
    }

    private static ActivationFunction Create(string id, params double?[] arguments) => Create(ActivationDefinition.Of(id), arguments);

    // the shared instance for the defaults (so ReferenceEquals(ReluWith(), Relu)), else a new one
    private static ActivationFunction Create(ActivationDefinition definition, double?[] arguments) =>
        definition.AreDefaults(arguments) ? s_registry[definition.Id]
        : definition.Id == "gelu" ? GeluApproximate
        : new BuiltinActivation(definition, arguments);

    private static Dictionary<string, ActivationFunction> BuildRegistry()
    {
        // the properties above, by id; every argument-free definition has one
        var instances = new ActivationFunction[]
        {
            Linear, Relu, Relu6, Sigmoid, Tanh, Softmax, LogSoftmax, LeakyRelu, Elu, Selu, Softplus, Softsign, Silu, Gelu,
            HardSigmoid, Exponential, Mish, LogSigmoid, HardSilu, HardTanh, SparsePlus, SparseSigmoid, TanhShrink, Celu, Glu,
            Squareplus, SoftShrink, HardShrink, Sparsemax,
        };
        var registry = instances.ToDictionary(a => a.Name, StringComparer.Ordinal);
        registry["swish"] = Silu;
        registry["hard_swish"] = HardSilu;
        return registry;
    }

    private sealed class UserFunction(string name, Func<Tensor, Tensor> function) : ActivationFunction(name), Utils.IWrapsUserCode
    {
        public override Tensor Call(Tensor x) => function(x);
    }
}
