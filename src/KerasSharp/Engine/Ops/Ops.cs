using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

/// <summary>
/// The differentiable op set. Every op checks its arguments, allocates its output, runs a span kernel and, when a
/// <see cref="GradientTape"/> is recording, records its backward, which lives next to it in the same file.
/// Layers, losses and user code build on these ops only, so gradients come for free.
/// </summary>
public static partial class Ops
{
    private static Tensor BinaryBroadcast<TOp>(Tensor a, Tensor b, string name)
        where TOp : struct, IBinaryOperator
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = Shape.Broadcast(a.Shape, b.Shape, name);
        var output = Tensor.Empty(shape);
        Broadcasting.Binary<TOp>(a.Span, a.Shape, b.Span, b.Shape, output.Data, shape);
        return output;
    }

    /// <summary>Applies a span function element-wise into a new tensor.</summary>
    private static Tensor Unary(Tensor x, SpanAction map)
    {
        ArgumentNullException.ThrowIfNull(x);
        var output = Tensor.Empty(x.Shape);
        map(x.Span, output.Data);
        return output;
    }

    private delegate void SpanAction(ReadOnlySpan<float> source, Span<float> destination);

    /// <summary>Views a shape as <c>(outer, n, inner)</c> around <paramref name="axis"/>.</summary>
    private static (int Outer, int N, int Inner) SplitAxis(Shape shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= shape[i];
        }
        for (int i = axis + 1; i < shape.Rank; i++)
        {
            inner *= shape[i];
        }
        return (outer, shape[axis], inner);
    }
}
