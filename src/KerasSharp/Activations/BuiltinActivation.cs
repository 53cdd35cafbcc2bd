using KerasSharp.Engine;

namespace KerasSharp.Activations;

/// <summary>
/// One of Keras' activations with its argument values. Its <see cref="ActivationFunction.Name"/> is the Keras id when
/// the arguments are Keras' defaults, else the id with the other arguments in Python keyword syntax
/// (<c>elu(alpha=0.5)</c>), which <see cref="ActivationFunction.Get"/> reads back.
/// </summary>
internal sealed class BuiltinActivation : ActivationFunction
{
    private readonly double?[] _arguments;
    private readonly Func<Tensor, Tensor> _function;

    public BuiltinActivation(ActivationDefinition definition, double?[] arguments)
        : base(definition.Format(arguments))
    {
        Definition = definition;
        _arguments = arguments;
        _function = definition.Build(arguments);
    }

    /// <summary>Which Keras activation this is.</summary>
    public ActivationDefinition Definition { get; }

    /// <summary>The value of the argument <paramref name="key"/> (null for None).</summary>
    public double? Argument(string key) => _arguments[Array.FindIndex(Definition.Parameters, p => p.Key == key)];

    /// <inheritdoc/>
    public override Tensor Call(Tensor x) => _function(x);

    /// <inheritdoc/>
    internal override Shape ComputeOutputShape(Shape inputShape) => Definition.OutputShape(_arguments, inputShape);
}
