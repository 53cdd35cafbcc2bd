using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// The few vector operations the GEMM micro-kernel needs, one struct per SIMD width (Vector512 → Vector256 →
/// Vector128 → one scalar lane), so <see cref="GemmMicroKernel"/> is written once and specialised by the JIT.
/// </summary>
/// <remarks>
/// <see cref="ISimd{TSelf}"/> has no fused multiply-add, no zero and no broadcast from memory, which is why GEMM has
/// its own interface. <c>MultiplyAdd</c> is fused exactly when the hardware fuses (<see cref="Gemm.IsFused"/>),
/// in every width and in the scalar lane alike, so that all paths round every step of a dot product the same way.
/// </remarks>
internal unsafe interface IGemmVector<TSelf> where TSelf : unmanaged, IGemmVector<TSelf>
{
    /// <summary>Number of float lanes.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>Loads <see cref="Count"/> floats (no alignment required).</summary>
    static abstract TSelf Load(float* source);

    /// <summary>Loads one float into every lane.</summary>
    static abstract TSelf Broadcast(float* source);

    /// <summary>Stores <see cref="Count"/> floats (no alignment required).</summary>
    static abstract void Store(TSelf value, float* destination);

    /// <summary><c>a·b + addend</c>, rounded once when the hardware has FMA, else twice.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf addend);

    /// <summary><c>a + b</c>.</summary>
    static abstract TSelf Add(TSelf a, TSelf b);

    /// <summary>Per lane <c>condition &gt; 0 ? value : 0</c> (the ReLU backward from the ReLU's output).</summary>
    static abstract TSelf WherePositive(TSelf condition, TSelf value);
}

/// <summary>16 lanes (AVX-512). Only used when FMA is available, so it is always fused.</summary>
internal readonly unsafe struct GemmVector512(Vector512<float> value) : IGemmVector<GemmVector512>
{
    private readonly Vector512<float> _v = value;

    public static int Count => Vector512<float>.Count;

    public static GemmVector512 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector512 Load(float* source) => new(Vector512.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector512 Broadcast(float* source) => new(Vector512.Create(*source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(GemmVector512 value, float* destination) => value._v.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector512 MultiplyAdd(GemmVector512 a, GemmVector512 b, GemmVector512 addend) =>
        new(Vector512.FusedMultiplyAdd(a._v, b._v, addend._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector512 Add(GemmVector512 a, GemmVector512 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector512 WherePositive(GemmVector512 condition, GemmVector512 value) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(condition._v, Vector512<float>.Zero), value._v, Vector512<float>.Zero));
}

/// <summary>8 lanes (AVX/AVX2).</summary>
internal readonly unsafe struct GemmVector256(Vector256<float> value) : IGemmVector<GemmVector256>
{
    private readonly Vector256<float> _v = value;

    public static int Count => Vector256<float>.Count;

    public static GemmVector256 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector256 Load(float* source) => new(Vector256.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector256 Broadcast(float* source) => new(Vector256.Create(*source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(GemmVector256 value, float* destination) => value._v.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector256 MultiplyAdd(GemmVector256 a, GemmVector256 b, GemmVector256 addend) =>
        Gemm.IsFused ? new(Vector256.FusedMultiplyAdd(a._v, b._v, addend._v)) : new(a._v * b._v + addend._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector256 Add(GemmVector256 a, GemmVector256 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector256 WherePositive(GemmVector256 condition, GemmVector256 value) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(condition._v, Vector256<float>.Zero), value._v, Vector256<float>.Zero));
}

/// <summary>4 lanes (SSE / AdvSimd).</summary>
internal readonly unsafe struct GemmVector128(Vector128<float> value) : IGemmVector<GemmVector128>
{
    private readonly Vector128<float> _v = value;

    public static int Count => Vector128<float>.Count;

    public static GemmVector128 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector128 Load(float* source) => new(Vector128.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector128 Broadcast(float* source) => new(Vector128.Create(*source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(GemmVector128 value, float* destination) => value._v.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector128 MultiplyAdd(GemmVector128 a, GemmVector128 b, GemmVector128 addend) =>
        Gemm.IsFused ? new(Vector128.FusedMultiplyAdd(a._v, b._v, addend._v)) : new(a._v * b._v + addend._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector128 Add(GemmVector128 a, GemmVector128 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmVector128 WherePositive(GemmVector128 condition, GemmVector128 value) =>
        new(Vector128.ConditionalSelect(Vector128.GreaterThan(condition._v, Vector128<float>.Zero), value._v, Vector128<float>.Zero));
}

/// <summary>One scalar lane: the path without hardware intrinsics, and the tail of the matrix-vector loop.</summary>
internal readonly unsafe struct GemmScalar(float value) : IGemmVector<GemmScalar>
{
    private readonly float _v = value;

    public static int Count => 1;

    public static GemmScalar Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmScalar Load(float* source) => new(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmScalar Broadcast(float* source) => new(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(GemmScalar value, float* destination) => *destination = value._v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmScalar MultiplyAdd(GemmScalar a, GemmScalar b, GemmScalar addend) =>
        Gemm.IsFused ? new(MathF.FusedMultiplyAdd(a._v, b._v, addend._v)) : new(a._v * b._v + addend._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmScalar Add(GemmScalar a, GemmScalar b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmScalar WherePositive(GemmScalar condition, GemmScalar value) => new(condition._v > 0f ? value._v : 0f);
}
