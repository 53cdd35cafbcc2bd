using System.Numerics.Tensors;

namespace KerasSharp.Engine.Kernels;

/// <summary>A binary element-wise operation in its three span forms, in the style of TensorPrimitives' operators.</summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float x, float y);

    static abstract void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination);

    static abstract void Invoke(ReadOnlySpan<float> x, float y, Span<float> destination);

    static abstract void Invoke(float x, ReadOnlySpan<float> y, Span<float> destination);
}

internal readonly struct AddOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x + y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(y, x, d);
}

internal readonly struct SubtractOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x - y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
}

internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x * y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(y, x, d);
}

internal readonly struct DivideOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x / y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
}

/// <summary>Element-wise maximum; NaN propagates, as in NumPy.</summary>
internal readonly struct MaximumOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => MathF.Max(x, y);
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(y, x, d);
}

/// <summary>Element-wise minimum; NaN propagates, as in NumPy.</summary>
internal readonly struct MinimumOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => MathF.Min(x, y);
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(y, x, d);
}
