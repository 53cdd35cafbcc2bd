using KerasSharp.Engine;
using KerasSharp.Initializers;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' LSTM bias initializer with <c>unit_forget_bias</c>: <c>[init(units), ones(units), init(2·units)]</c>,
/// the inner initializer called separately for the i block and the c, o blocks, as Keras does.
/// </summary>
internal sealed class UnitForgetBiasInitializer(Initializer inner, int units) : Initializer
{
    public override Tensor Call(Shape shape)
    {
        var values = new float[4 * units];
        inner.Call(new Shape(units)).Span.CopyTo(values);
        values.AsSpan(units, units).Fill(1f);
        inner.Call(new Shape(2 * units)).Span.CopyTo(values.AsSpan(2 * units));
        return Tensor.FromArray(values, shape.ToArray());
    }
}
