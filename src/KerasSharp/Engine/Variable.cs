namespace KerasSharp.Engine;

/// <summary>
/// A named, mutable holder of a tensor: a layer's weight or an optimizer's slot. Optimizers update its values in
/// place between training steps; everything else reads it as a <see cref="Tensor"/>.
/// </summary>
public sealed class Variable
{
    /// <summary>Creates a variable holding <paramref name="initialValue"/> (not copied).</summary>
    /// <param name="initialValue">The initial value.</param>
    /// <param name="name">Short name, e.g. <c>kernel</c>.</param>
    /// <param name="trainable">Whether optimizers update it.</param>
    /// <param name="path">Full path, e.g. <c>dense/kernel</c>; defaults to the name.</param>
    public Variable(Tensor initialValue, string name, bool trainable = true, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(initialValue);
        // A variable outlives the step it may be created in, so it never keeps an arena buffer.
        Value = initialValue.Detach();
        Name = name;
        Trainable = trainable;
        Path = path ?? name;
    }

    /// <summary>The current value. The same tensor object for the variable's whole life.</summary>
    public Tensor Value { get; }

    /// <summary>Short name, e.g. <c>kernel</c>.</summary>
    public string Name { get; }

    /// <summary>Full path, e.g. <c>dense/kernel</c>.</summary>
    public string Path { get; }

    /// <summary>Whether the variable is trained by optimizers (a layer's non-trainable state is not).</summary>
    public bool Trainable { get; }

    /// <summary>The shape of the value.</summary>
    public Shape Shape => Value.Shape;

    /// <summary>Writable values for optimizers and loaders.</summary>
    internal Span<float> Data => Value.Data;

    /// <summary>Copies new values into the variable; the shape must match.</summary>
    /// <param name="value">The new values.</param>
    public void Assign(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Shape != Shape)
        {
            throw new ArgumentException($"Variable '{Path}' has shape {Shape}, but the value assigned has shape {value.Shape}.");
        }
        value.Span.CopyTo(Value.Data);
    }

    /// <summary>Copies new values into the variable; the count must match.</summary>
    /// <param name="values">Row-major values.</param>
    public void Assign(ReadOnlySpan<float> values)
    {
        if (values.Length != Value.Size)
        {
            throw new ArgumentException($"Variable '{Path}' has shape {Shape} ({Value.Size} values), but {values.Length} values were assigned.");
        }
        values.CopyTo(Value.Data);
    }

    /// <summary>Reads the variable as a tensor.</summary>
    public static implicit operator Tensor(Variable variable) => variable.Value;

    /// <inheritdoc/>
    public override string ToString() => $"Variable(path={Path}, shape={Shape}, trainable={Trainable})";
}
