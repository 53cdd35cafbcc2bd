using KerasSharp.Engine;

namespace KerasSharp.Activations;

/// <summary>
/// An activation function, usable wherever Keras accepts one: <c>new Dense(64, activation: "relu")</c> or
/// <c>activation: ActivationFunction.Relu</c>. Strings are Keras' ids (<c>"relu"</c>, <c>"sigmoid"</c>, <c>"swish"</c>, …).
/// </summary>
/// <example>
/// <code>
/// ActivationFunction act = "gelu";
/// var y = act.Call(Tensor.FromArray([-1f, 0f, 1f]));
/// var custom = ActivationFunction.FromFunction("cube", x => x * x * x);
/// </code>
/// </example>
public abstract class ActivationFunction
{
    /// <summary>Creates an activation with a Keras name.</summary>
    /// <param name="name">The Keras id, e.g. <c>relu</c>.</param>
    protected ActivationFunction(string name) => Name = name;

    /// <summary>The Keras id, as written in configs (e.g. <c>relu</c>).</summary>
    public string Name { get; }

    /// <summary>Applies the activation (differentiable).</summary>
    /// <param name="x">The input.</param>
    public abstract Tensor Call(Tensor x);

    /// <summary>Identity.</summary>
    public static ActivationFunction Linear { get; } = new Builtin("linear", static x => x);

    /// <summary><c>max(x, 0)</c>.</summary>
    public static ActivationFunction Relu { get; } = new Builtin("relu", Ops.Relu);

    /// <summary><c>min(max(x, 0), 6)</c>.</summary>
    public static ActivationFunction Relu6 { get; } = new Builtin("relu6", Ops.Relu6);

    /// <summary>Logistic sigmoid.</summary>
    public static ActivationFunction Sigmoid { get; } = new Builtin("sigmoid", Ops.Sigmoid);

    /// <summary>Hyperbolic tangent.</summary>
    public static ActivationFunction Tanh { get; } = new Builtin("tanh", Ops.Tanh);

    /// <summary>Softmax over the last axis.</summary>
    public static ActivationFunction Softmax { get; } = new Builtin("softmax", static x => Ops.Softmax(x, -1));

    /// <summary>Log-softmax over the last axis.</summary>
    public static ActivationFunction LogSoftmax { get; } = new Builtin("log_softmax", static x => Ops.LogSoftmax(x, -1));

    /// <summary>Leaky ReLU with Keras' function default slope 0.2.</summary>
    public static ActivationFunction LeakyRelu { get; } = new Builtin("leaky_relu", static x => Ops.LeakyRelu(x, 0.2f));

    /// <summary>ELU with alpha 1.</summary>
    public static ActivationFunction Elu { get; } = new Builtin("elu", static x => Ops.Elu(x, 1f));

    /// <summary>Scaled ELU.</summary>
    public static ActivationFunction Selu { get; } = new Builtin("selu", Ops.Selu);

    /// <summary><c>log(1 + eˣ)</c>.</summary>
    public static ActivationFunction Softplus { get; } = new Builtin("softplus", Ops.Softplus);

    /// <summary><c>x / (1 + |x|)</c>.</summary>
    public static ActivationFunction Softsign { get; } = new Builtin("softsign", Ops.Softsign);

    /// <summary><c>x · sigmoid(x)</c> (Keras' <c>silu</c>; <c>swish</c> is an alias).</summary>
    public static ActivationFunction Silu { get; } = new Builtin("silu", Ops.Silu);

    /// <summary>GELU, exact (erf) form as Keras' default.</summary>
    public static ActivationFunction Gelu { get; } = new Builtin("gelu", static x => Ops.Gelu(x, approximate: false));

    /// <summary>Keras 3 hard sigmoid <c>relu6(x + 3) / 6</c>.</summary>
    public static ActivationFunction HardSigmoid { get; } = new Builtin("hard_sigmoid", Ops.HardSigmoid);

    /// <summary><c>eˣ</c>.</summary>
    public static ActivationFunction Exponential { get; } = new Builtin("exponential", Ops.Exp);

    private static readonly Dictionary<string, ActivationFunction> s_registry = new(StringComparer.Ordinal)
    {
        ["linear"] = Linear,
        ["relu"] = Relu,
        ["relu6"] = Relu6,
        ["sigmoid"] = Sigmoid,
        ["tanh"] = Tanh,
        ["softmax"] = Softmax,
        ["log_softmax"] = LogSoftmax,
        ["leaky_relu"] = LeakyRelu,
        ["elu"] = Elu,
        ["selu"] = Selu,
        ["softplus"] = Softplus,
        ["softsign"] = Softsign,
        ["silu"] = Silu,
        ["swish"] = Silu,
        ["gelu"] = Gelu,
        ["hard_sigmoid"] = HardSigmoid,
        ["exponential"] = Exponential,
    };

    /// <summary>The Keras ids this registry accepts.</summary>
    public static IReadOnlyCollection<string> Names => s_registry.Keys;

    /// <summary>Looks up an activation by Keras id; null or empty means <c>linear</c>, as in Keras.</summary>
    /// <param name="identifier">The id, e.g. <c>"relu"</c>.</param>
    /// <exception cref="ArgumentException">The id is unknown; the message lists the valid ones.</exception>
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
        throw new ArgumentException(
            $"Could not interpret activation function identifier: '{identifier}'. Valid identifiers: {string.Join(", ", s_registry.Keys.Order(StringComparer.Ordinal))}.",
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

    private sealed class Builtin(string name, Func<Tensor, Tensor> function) : ActivationFunction(name)
    {
        public override Tensor Call(Tensor x) => function(x);
    }

    private sealed class UserFunction(string name, Func<Tensor, Tensor> function) : ActivationFunction(name), Utils.IWrapsUserCode
    {
        public override Tensor Call(Tensor x) => function(x);
    }
}
