using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// One vector abstraction over the SIMD widths (Vector512 → Vector256 → Vector128 → one scalar lane), so a kernel is
/// written once as a generic method and instantiated per width. (System.Runtime.Intrinsics.ISimdVector is not public.)
/// </summary>
internal interface ISimd<TSelf> where TSelf : struct, ISimd<TSelf>
{
    static abstract TSelf Broadcast(float value);
    static abstract TSelf Load(ref float source, nuint index);
    static abstract void Store(TSelf value, ref float destination, nuint index);
    static abstract TSelf Sqrt(TSelf x);
    static abstract TSelf Max(TSelf x, TSelf y);
    static abstract TSelf operator +(TSelf x, TSelf y);
    static abstract TSelf operator -(TSelf x, TSelf y);
    static abstract TSelf operator *(TSelf x, TSelf y);
    static abstract TSelf operator /(TSelf x, TSelf y);
}

internal readonly struct Simd512(Vector512<float> value) : ISimd<Simd512>
{
    private readonly Vector512<float> _v = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Broadcast(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Load(ref float source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512 value, ref float destination, nuint index) => value._v.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Sqrt(Simd512 x) => new(Vector512.Sqrt(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Max(Simd512 x, Simd512 y) => new(Vector512.Max(x._v, y._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 operator +(Simd512 x, Simd512 y) => new(x._v + y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 operator -(Simd512 x, Simd512 y) => new(x._v - y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 operator *(Simd512 x, Simd512 y) => new(x._v * y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 operator /(Simd512 x, Simd512 y) => new(x._v / y._v);
}

internal readonly struct Simd256(Vector256<float> value) : ISimd<Simd256>
{
    private readonly Vector256<float> _v = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Broadcast(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Load(ref float source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd256 value, ref float destination, nuint index) => value._v.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Sqrt(Simd256 x) => new(Vector256.Sqrt(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Max(Simd256 x, Simd256 y) => new(Vector256.Max(x._v, y._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 operator +(Simd256 x, Simd256 y) => new(x._v + y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 operator -(Simd256 x, Simd256 y) => new(x._v - y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 operator *(Simd256 x, Simd256 y) => new(x._v * y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 operator /(Simd256 x, Simd256 y) => new(x._v / y._v);
}

internal readonly struct Simd128(Vector128<float> value) : ISimd<Simd128>
{
    private readonly Vector128<float> _v = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Broadcast(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Load(ref float source, nuint index) => new(Vector128.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd128 value, ref float destination, nuint index) => value._v.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Sqrt(Simd128 x) => new(Vector128.Sqrt(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Max(Simd128 x, Simd128 y) => new(Vector128.Max(x._v, y._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator +(Simd128 x, Simd128 y) => new(x._v + y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator -(Simd128 x, Simd128 y) => new(x._v - y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator *(Simd128 x, Simd128 y) => new(x._v * y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator /(Simd128 x, Simd128 y) => new(x._v / y._v);
}

/// <summary>The scalar "vector" of one lane, for the tail and for machines without SIMD.</summary>
internal readonly struct Simd1(float value) : ISimd<Simd1>
{
    private readonly float _v = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd1 Broadcast(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd1 Load(ref float source, nuint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd1 value, ref float destination, nuint index) => Unsafe.Add(ref destination, index) = value._v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd1 Sqrt(Simd1 x) => new(MathF.Sqrt(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd1 Max(Simd1 x, Simd1 y) => new(MathF.Max(x._v, y._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd1 operator +(Simd1 x, Simd1 y) => new(x._v + y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd1 operator -(Simd1 x, Simd1 y) => new(x._v - y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd1 operator *(Simd1 x, Simd1 y) => new(x._v * y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd1 operator /(Simd1 x, Simd1 y) => new(x._v / y._v);
}
