using System.Numerics.Tensors;
using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>Element-wise <c>a + b</c> with broadcasting.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    public static Tensor Add(Tensor a, Tensor b)
    {
        var y = BinaryBroadcast<AddOperator>(a, b, "add");
        GradientTape.RecordOp(y, a, b, static (g, _) => [g, g]);
        return y;
    }

    /// <summary>Element-wise <c>a − b</c> with broadcasting.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    public static Tensor Subtract(Tensor a, Tensor b)
    {
        var y = BinaryBroadcast<SubtractOperator>(a, b, "subtract");
        GradientTape.RecordOp(y, a, b, static (g, n) => [g, n.NeedsGradient(1) ? Negative(g) : null]);
        return y;
    }

    /// <summary>Element-wise <c>a · b</c> with broadcasting.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    public static Tensor Multiply(Tensor a, Tensor b)
    {
        var y = BinaryBroadcast<MultiplyOperator>(a, b, "multiply");
        GradientTape.RecordOp(y, a, b, static (g, n) =>
            [n.NeedsGradient(0) ? Multiply(g, n.B) : null, n.NeedsGradient(1) ? Multiply(g, n.A) : null]);
        return y;
    }

    /// <summary>Element-wise <c>a / b</c> with broadcasting.</summary>
    /// <param name="a">Numerator.</param>
    /// <param name="b">Denominator.</param>
    public static Tensor Divide(Tensor a, Tensor b)
    {
        var y = BinaryBroadcast<DivideOperator>(a, b, "divide");
        GradientTape.RecordOp(y, a, b, static (g, n) =>
            [n.NeedsGradient(0) ? Divide(g, n.B) : null,
             n.NeedsGradient(1) ? Negative(Divide(Multiply(g, n.Output), n.B)) : null]);
        return y;
    }

    /// <summary>Element-wise maximum with broadcasting; NaN propagates.</summary>
    /// <remarks>
    /// The gradient follows TensorFlow's (tfjs-core <c>Maximum_grad</c>): <paramref name="a"/> gets it where
    /// <c>a ≥ b</c> and <paramref name="b"/> where <c>a &lt; b</c>. At a tie it all goes to <paramref name="a"/>;
    /// where either value is NaN, neither gets any.
    /// </remarks>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    public static Tensor Maximum(Tensor a, Tensor b)
    {
        var y = BinaryBroadcast<MaximumOperator>(a, b, "maximum");
        GradientTape.RecordOp(y, a, b, static (g, n) => RouteGradient<MaximumSelection>(g, n));
        return y;
    }

    /// <summary>Element-wise minimum with broadcasting; NaN propagates.</summary>
    /// <remarks>
    /// The gradient follows TensorFlow's (tfjs-core <c>Minimum_grad</c>): <paramref name="a"/> gets it where
    /// <c>a ≤ b</c> and <paramref name="b"/> where <c>a &gt; b</c>. At a tie it all goes to <paramref name="a"/>;
    /// where either value is NaN, neither gets any.
    /// </remarks>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    public static Tensor Minimum(Tensor a, Tensor b)
    {
        var y = BinaryBroadcast<MinimumOperator>(a, b, "minimum");
        GradientTape.RecordOp(y, a, b, static (g, n) => RouteGradient<MinimumSelection>(g, n));
        return y;
    }

    /// <summary>The backward of <see cref="Maximum"/> / <see cref="Minimum"/>: each input's share of <paramref name="g"/> (at the output's shape).</summary>
    private static InputGradients RouteGradient<TSelection>(Tensor g, TapeNode n)
        where TSelection : struct, ISelection
    {
        var a = Broadcasted(n.A, g.Shape);
        var b = Broadcasted(n.B, g.Shape);
        var ga = n.NeedsGradient(0) ? Tensor.Empty(g.Shape) : null;
        var gb = n.NeedsGradient(1) ? Tensor.Empty(g.Shape) : null;
        Selection.RouteGradient<TSelection>(a.Span, b.Span, g.Span, ga is null ? [] : ga.Data, gb is null ? [] : gb.Data);
        return [ga, gb];
    }

    /// <summary>
    /// Element-wise choice: <paramref name="x"/> where <paramref name="condition"/> is non-zero, else <paramref name="y"/>
    /// (all three broadcast). The condition gets no gradient.
    /// </summary>
    /// <param name="condition">Non-zero selects <paramref name="x"/>.</param>
    /// <param name="x">Values where true.</param>
    /// <param name="y">Values where false.</param>
    public static Tensor Where(Tensor condition, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var shape = Shape.Broadcast(Shape.Broadcast(condition.Shape, x.Shape, "where"), y.Shape, "where");
        var c = Broadcasted(condition, shape);
        var bx = Broadcasted(x, shape);
        var by = Broadcasted(y, shape);
        var output = Tensor.Empty(shape);
        for (int i = 0; i < output.Size; i++)
        {
            output.Data[i] = c.Span[i] != 0f ? bx.Span[i] : by.Span[i];
        }
        GradientTape.RecordOp(output, [condition, x, y], static (g, n) =>
        {
            var zero = Tensor.Zeros(g.Shape);
            return [null, n.NeedsGradient(1) ? Where(n.Input(0), g, zero) : null, n.NeedsGradient(2) ? Where(n.Input(0), zero, g) : null];
        });
        return output;
    }

    /// <summary>Element-wise <c>−x</c>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Negative(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Negate(s, d));
        GradientTape.RecordOp(y, x, static (g, _) => [Negative(g)]);
        return y;
    }

    /// <summary>Element-wise <c>eˣ</c>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Exp(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Exp(s, d));
        GradientTape.RecordOp(y, x, static (g, n) => [Multiply(g, n.Output)]);
        return y;
    }

    /// <summary>Element-wise natural logarithm.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Log(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Log(s, d));
        GradientTape.RecordOp(y, x, static (g, n) => [Divide(g, n.A)]);
        return y;
    }

    /// <summary>Element-wise square root.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Sqrt(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Sqrt(s, d));
        GradientTape.RecordOp(y, x, static (g, n) => [Divide(g, Multiply(n.Output, Scalar(2f)))]);
        return y;
    }

    /// <summary>Element-wise <c>x²</c>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Square(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Multiply(s, s, d));
        GradientTape.RecordOp(y, x, static (g, n) => [Multiply(g, Multiply(n.A, Scalar(2f)))]);
        return y;
    }

    /// <summary>Element-wise <c>xᵖ</c> for a constant exponent.</summary>
    /// <param name="x">The base.</param>
    /// <param name="exponent">The constant exponent.</param>
    public static Tensor Power(Tensor x, float exponent)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Pow(x.Span, exponent, y.Data);
        GradientTape.RecordOp(y, x, static (g, n) =>
        {
            float p = n.GetState<float>();
            return [Multiply(g, Multiply(Power(n.A, p - 1f), Scalar(p)))];
        }, exponent);
        return y;
    }

    /// <summary>Element-wise absolute value. Its gradient at 0 is 0.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Abs(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Abs(s, d));
        GradientTape.RecordOp(y, x, static (g, n) => [Multiply(g, Sign(n.A))]);
        return y;
    }

    /// <summary>Element-wise sign (−1, 0 or 1; NaN stays NaN). Not differentiable (zero gradient).</summary>
    /// <param name="x">The input.</param>
    public static Tensor Sign(Tensor x) => Unary(x, static (s, d) =>
    {
        for (int i = 0; i < s.Length; i++)
        {
            d[i] = s[i] > 0 ? 1f : s[i] < 0 ? -1f : s[i] == 0 ? 0f : float.NaN;
        }
    });

    /// <summary>
    /// Element-wise clip to <c>[min, max]</c>. The gradient passes where <c>min ≤ x ≤ max</c> and is 0 outside, as
    /// TensorFlow's <c>clip_by_value</c>.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    public static Tensor Clip(Tensor x, float min, float max)
    {
        if (min > max)
        {
            throw new ArgumentException($"Clip needs min <= max, but received min={min} and max={max}.");
        }
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Clamp(x.Span, min, max, y.Data);
        GradientTape.RecordOp(y, x, static (g, n) =>
        {
            var (lo, hi) = n.GetState<(float, float)>();
            var dx = Tensor.Empty(g.Shape);
            var xs = n.A.Span;
            for (int i = 0; i < xs.Length; i++)
            {
                dx.Data[i] = xs[i] >= lo && xs[i] <= hi ? g.Span[i] : 0f;
            }
            return [dx];
        }, (min, max));
        return y;
    }

    /// <summary>1 where <c>a &gt; b</c>, else 0 (broadcast). Not differentiable.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    public static Tensor Greater(Tensor a, Tensor b) => Compare(a, b, static (x, y) => x > y);

    /// <summary>1 where <c>a == b</c>, else 0 (broadcast). Not differentiable.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    public static Tensor Equal(Tensor a, Tensor b) => Compare(a, b, static (x, y) => x == y);

    private static Tensor Compare(Tensor a, Tensor b, Func<float, float, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = Shape.Broadcast(a.Shape, b.Shape, "compare");
        var ba = Broadcasted(a, shape);
        var bb = Broadcasted(b, shape);
        var output = Tensor.Empty(shape);
        for (int i = 0; i < output.Size; i++)
        {
            output.Data[i] = predicate(ba.Span[i], bb.Span[i]) ? 1f : 0f;
        }
        return output;
    }

    /// <summary>A scalar constant.</summary>
    /// <param name="value">The value.</param>
    public static Tensor Scalar(float value) => Tensor.Scalar(value);

    /// <summary>Stops gradients: returns the same values as a tensor the tape does not see through.</summary>
    /// <param name="x">The input.</param>
    public static Tensor StopGradient(Tensor x) => Unary(x, static (s, d) => s.CopyTo(d));
}
