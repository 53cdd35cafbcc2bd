using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Fused optimizer updates: each kernel reads the gradient and the slots once and writes the weight and the slots
/// once, in one SIMD pass, in place, allocating nothing. The arithmetic is Keras 3's, in the same order
/// (<c>keras/src/optimizers/*.py</c>), in float32 and without fused multiply-add, so every SIMD width and the
/// scalar tail give bitwise the same result.
/// </summary>
/// <remarks>
/// The hardware ladder (Vector512 → Vector256 → Vector128 → scalar) is written once in <see cref="Run{TOp}"/>; an
/// update is a <c>ref struct</c> operator whose <c>Invoke&lt;TVector&gt;</c> is specialised per width by the JIT.
/// <c>maxVectorBits</c> lets tests force the narrower paths on a machine that accelerates the wider ones.
/// </remarks>
internal static class OptimizerKernels
{
    /// <summary>Plain SGD: <c>w = w − g·lr</c>.</summary>
    public static void Sgd(Span<float> w, ReadOnlySpan<float> g, float learningRate, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length);
        var op = new SgdOp(w, g, learningRate);
        Run(ref op, w.Length, maxVectorBits);
    }

    /// <summary>
    /// SGD with momentum: <c>m = m·μ − g·lr</c>, then <c>w = w + m</c>, or with Nesterov
    /// <c>w = w + (m·μ − g·lr)</c> using the new <c>m</c>.
    /// </summary>
    public static void SgdMomentum(Span<float> w, ReadOnlySpan<float> g, Span<float> m, float learningRate, float momentum, bool nesterov, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length, m.Length);
        var op = new SgdMomentumOp(w, g, m, learningRate, momentum, nesterov);
        Run(ref op, w.Length, maxVectorBits);
    }

    /// <summary>
    /// Adam in Keras' form: <c>m += (g − m)·(1 − β1)</c>; <c>v += (g² − v)·(1 − β2)</c>; with AMSGrad
    /// <c>v̂ = max(v̂, v)</c> replaces <c>v</c> below; <c>w −= (m·α) / (sqrt(v) + ε)</c>, where
    /// <c>α = lr·sqrt(1 − β2ᵗ)/(1 − β1ᵗ)</c> is computed by the caller. Pass an empty <paramref name="vHat"/> for
    /// plain Adam.
    /// </summary>
    public static unsafe void Adam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vHat,
        float alpha, float oneMinusBeta1, float oneMinusBeta2, float epsilon, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length, m.Length, v.Length);
        if (w.Length >= ParallelLength && GemmOptions.MaxThreads > 1)
        {
            // each element's update is independent of the others: chunks on several cores give the same values
            if (!vHat.IsEmpty)
            {
                CheckLengths(w.Length, vHat.Length);
            }
            fixed (float* pw = w, pg = g, pm = m, pv = v, pvh = vHat)
            {
                var chunks = new AdamChunks
                {
                    W = pw, G = pg, M = pm, V = pv, VHat = vHat.IsEmpty ? null : pvh, Length = w.Length,
                    Alpha = alpha, OneMinusBeta1 = oneMinusBeta1, OneMinusBeta2 = oneMinusBeta2, Epsilon = epsilon,
                    MaxVectorBits = maxVectorBits,
                };
                WorkerPool.Run(ref chunks, (w.Length + ChunkLength - 1) / ChunkLength, GemmOptions.MaxThreads);
            }
            return;
        }
        if (vHat.IsEmpty)
        {
            var op = new AdamOp(w, g, m, v, alpha, oneMinusBeta1, oneMinusBeta2, epsilon);
            Run(ref op, w.Length, maxVectorBits);
        }
        else
        {
            CheckLengths(w.Length, vHat.Length);
            var op = new AmsgradOp(w, g, m, v, vHat, alpha, oneMinusBeta1, oneMinusBeta2, epsilon);
            Run(ref op, w.Length, maxVectorBits);
        }
    }

    /// <summary>From this many values an update is split into chunks that run on several cores.</summary>
    internal const int ParallelLength = 1 << 16;

    /// <summary>Values per chunk of a parallel update (a multiple of every vector width).</summary>
    private const int ChunkLength = 1 << 14;

    /// <summary>One chunk of an Adam update per part.</summary>
    private unsafe struct AdamChunks : IPartitionedWork
    {
        public float* W, G, M, V, VHat;
        public int Length, MaxVectorBits;
        public float Alpha, OneMinusBeta1, OneMinusBeta2, Epsilon;

        public readonly void Run(int part)
        {
            int start = part * ChunkLength, count = Math.Min(ChunkLength, Length - start);
            Adam(new Span<float>(W + start, count), new ReadOnlySpan<float>(G + start, count), new Span<float>(M + start, count),
                new Span<float>(V + start, count), VHat is null ? default : new Span<float>(VHat + start, count),
                Alpha, OneMinusBeta1, OneMinusBeta2, Epsilon, MaxVectorBits);
        }
    }

    /// <summary>
    /// RMSprop in Keras' form: <c>v = ρ·v + (1 − ρ)·g²</c>; centered: <c>a = ρ·a + (1 − ρ)·g</c> and
    /// <c>d = v − a² + ε</c>, else <c>d = v + ε</c>; <c>inc = lr·g / sqrt(d)</c>; with momentum
    /// <c>mom = μ·mom + inc</c> and <c>w −= mom</c>, else <c>w −= inc</c>. Pass empty spans for the slots not used.
    /// </summary>
    public static void RmsProp(Span<float> w, ReadOnlySpan<float> g, Span<float> velocity, Span<float> momentumSlot, Span<float> averageGradient,
        float learningRate, float rho, float oneMinusRho, float momentum, float epsilon, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length, velocity.Length);
        bool useMomentum = !momentumSlot.IsEmpty;
        bool centered = !averageGradient.IsEmpty;
        if (useMomentum)
        {
            CheckLengths(w.Length, momentumSlot.Length);
        }
        if (centered)
        {
            CheckLengths(w.Length, averageGradient.Length);
        }
        var op = new RmsPropOp(w, g, velocity, momentumSlot, averageGradient, learningRate, rho, oneMinusRho, momentum, epsilon, useMomentum, centered);
        Run(ref op, w.Length, maxVectorBits);
    }

    /// <summary>Adagrad in Keras' form: <c>acc += g²</c>; <c>w −= (lr·g) / sqrt(acc + ε)</c>.</summary>
    public static void Adagrad(Span<float> w, ReadOnlySpan<float> g, Span<float> accumulator, float learningRate, float epsilon, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length, accumulator.Length);
        var op = new AdagradOp(w, g, accumulator, learningRate, epsilon);
        Run(ref op, w.Length, maxVectorBits);
    }

    /// <summary>Keras' <c>clipnorm</c> for one gradient: <c>d = g·c / max(‖g‖₂, c)</c>.</summary>
    public static void ClipByNorm(ReadOnlySpan<float> g, float clipNorm, Span<float> destination)
    {
        CheckLengths(g.Length, destination.Length);
        float norm = MathF.Sqrt(TensorPrimitives.SumOfSquares(g));
        TensorPrimitives.Multiply(g, clipNorm, destination);
        TensorPrimitives.Divide(destination, MathF.Max(norm, clipNorm), destination);
    }

    /// <summary>Keras' <c>clipvalue</c>: <c>d = clip(g, −c, c)</c> (NaN stays NaN).</summary>
    public static void ClipByValue(ReadOnlySpan<float> g, float clipValue, Span<float> destination)
    {
        CheckLengths(g.Length, destination.Length);
        TensorPrimitives.Max(g, -clipValue, destination);
        TensorPrimitives.Min(destination, clipValue, destination);
    }

    /// <summary>
    /// The factor of Keras' <c>clip_by_global_norm</c>: <c>c·min(1/n, 1/c) + (n − n)</c> for the global norm
    /// <c>n</c>, i.e. 1 when <c>n ≤ c</c>, <c>c/n</c> above, NaN when <c>n</c> is not finite.
    /// </summary>
    public static float GlobalClipScale(float globalNorm, float clipNorm) =>
        clipNorm * MathF.Min(1f / globalNorm, 1f / clipNorm) + (globalNorm - globalNorm);

    /// <summary><c>d = g·scale</c>.</summary>
    public static void Scale(ReadOnlySpan<float> g, float scale, Span<float> destination)
    {
        CheckLengths(g.Length, destination.Length);
        TensorPrimitives.Multiply(g, scale, destination);
    }

    // ---- the ladder, written once ----

    // Not inlined: each Run<TOp> gets its own inlining budget, so every width's Invoke is inlined into its loop
    // (inlined into a large caller, the budget ran out and the scalar path became ~10 calls per element).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Run<TOp>(ref TOp op, int length, int maxVectorBits)
        where TOp : struct, IUpdateOperator, allows ref struct
    {
        nuint n = (nuint)length;
        nuint i = 0;
        if (maxVectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector512<float>.Count <= n; i += (nuint)Vector512<float>.Count)
            {
                op.Invoke<Simd512>(i);
            }
        }
        if (maxVectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector256<float>.Count <= n; i += (nuint)Vector256<float>.Count)
            {
                op.Invoke<Simd256>(i);
            }
        }
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector128<float>.Count <= n; i += (nuint)Vector128<float>.Count)
            {
                op.Invoke<Simd128>(i);
            }
        }
        for (; i < n; i++)
        {
            op.Invoke<Simd1>(i);
        }
    }

    private static void CheckLengths(int expected, int a, int b = -1, int c = -1)
    {
        if (a != expected || (b >= 0 && b != expected) || (c >= 0 && c != expected))
        {
            ThrowLengthMismatch();
        }
    }

    private static void ThrowLengthMismatch() =>
        throw new ArgumentException("Optimizer kernel spans must all have the length of the weight span.");

    // ---- update operators ----

    private interface IUpdateOperator
    {
        void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>;
    }

    private ref struct SgdOp(Span<float> w, ReadOnlySpan<float> g, float lr) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly float _lr = lr;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var w = TV.Load(ref _w, i);
            var g = TV.Load(ref _g, i);
            TV.Store(w - g * TV.Broadcast(_lr), ref _w, i);
        }
    }

    private ref struct SgdMomentumOp(Span<float> w, ReadOnlySpan<float> g, Span<float> m, float lr, float momentum, bool nesterov) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _m = ref MemoryMarshal.GetReference(m);
        private readonly float _lr = lr;
        private readonly float _momentum = momentum;
        private readonly bool _nesterov = nesterov;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var w = TV.Load(ref _w, i);
            var g = TV.Load(ref _g, i);
            var mu = TV.Broadcast(_momentum);
            var gLr = g * TV.Broadcast(_lr);
            var m = TV.Load(ref _m, i) * mu - gLr;
            TV.Store(m, ref _m, i);
            TV.Store(_nesterov ? w + (m * mu - gLr) : w + m, ref _w, i);
        }
    }

    private ref struct AdamOp(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float alpha, float oneMinusBeta1, float oneMinusBeta2, float epsilon) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _m = ref MemoryMarshal.GetReference(m);
        private readonly ref float _v = ref MemoryMarshal.GetReference(v);
        private readonly float _alpha = alpha;
        private readonly float _b1 = oneMinusBeta1;
        private readonly float _b2 = oneMinusBeta2;
        private readonly float _eps = epsilon;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var g = TV.Load(ref _g, i);
            var m = TV.Load(ref _m, i);
            var v = TV.Load(ref _v, i);
            m += (g - m) * TV.Broadcast(_b1);
            v += (g * g - v) * TV.Broadcast(_b2);
            TV.Store(m, ref _m, i);
            TV.Store(v, ref _v, i);
            var step = m * TV.Broadcast(_alpha) / (TV.Sqrt(v) + TV.Broadcast(_eps));
            TV.Store(TV.Load(ref _w, i) - step, ref _w, i);
        }
    }

    private ref struct AmsgradOp(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vHat,
        float alpha, float oneMinusBeta1, float oneMinusBeta2, float epsilon) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _m = ref MemoryMarshal.GetReference(m);
        private readonly ref float _v = ref MemoryMarshal.GetReference(v);
        private readonly ref float _vHat = ref MemoryMarshal.GetReference(vHat);
        private readonly float _alpha = alpha;
        private readonly float _b1 = oneMinusBeta1;
        private readonly float _b2 = oneMinusBeta2;
        private readonly float _eps = epsilon;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var g = TV.Load(ref _g, i);
            var m = TV.Load(ref _m, i);
            var v = TV.Load(ref _v, i);
            m += (g - m) * TV.Broadcast(_b1);
            v += (g * g - v) * TV.Broadcast(_b2);
            var vHat = TV.Max(TV.Load(ref _vHat, i), v);
            TV.Store(m, ref _m, i);
            TV.Store(v, ref _v, i);
            TV.Store(vHat, ref _vHat, i);
            var step = m * TV.Broadcast(_alpha) / (TV.Sqrt(vHat) + TV.Broadcast(_eps));
            TV.Store(TV.Load(ref _w, i) - step, ref _w, i);
        }
    }

    private ref struct RmsPropOp(Span<float> w, ReadOnlySpan<float> g, Span<float> velocity, Span<float> momentumSlot, Span<float> averageGradient,
        float lr, float rho, float oneMinusRho, float momentum, float epsilon, bool useMomentum, bool centered) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _v = ref MemoryMarshal.GetReference(velocity);
        private readonly ref float _mom = ref MemoryMarshal.GetReference(momentumSlot);
        private readonly ref float _avg = ref MemoryMarshal.GetReference(averageGradient);
        private readonly float _lr = lr;
        private readonly float _rho = rho;
        private readonly float _oneMinusRho = oneMinusRho;
        private readonly float _momentum = momentum;
        private readonly float _eps = epsilon;
        private readonly bool _useMomentum = useMomentum;
        private readonly bool _centered = centered;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var g = TV.Load(ref _g, i);
            var rho = TV.Broadcast(_rho);
            var oneMinusRho = TV.Broadcast(_oneMinusRho);
            var v = rho * TV.Load(ref _v, i) + oneMinusRho * (g * g);
            TV.Store(v, ref _v, i);
            TV denominator;
            if (_centered)
            {
                var avg = rho * TV.Load(ref _avg, i) + oneMinusRho * g;
                TV.Store(avg, ref _avg, i);
                denominator = v - avg * avg + TV.Broadcast(_eps);
            }
            else
            {
                denominator = v + TV.Broadcast(_eps);
            }
            var increment = TV.Broadcast(_lr) * g / TV.Sqrt(denominator);
            if (_useMomentum)
            {
                increment = TV.Broadcast(_momentum) * TV.Load(ref _mom, i) + increment;
                TV.Store(increment, ref _mom, i);
            }
            TV.Store(TV.Load(ref _w, i) - increment, ref _w, i);
        }
    }

    private ref struct AdagradOp(Span<float> w, ReadOnlySpan<float> g, Span<float> accumulator, float lr, float epsilon) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _acc = ref MemoryMarshal.GetReference(accumulator);
        private readonly float _lr = lr;
        private readonly float _eps = epsilon;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var g = TV.Load(ref _g, i);
            var acc = TV.Load(ref _acc, i) + g * g;
            TV.Store(acc, ref _acc, i);
            var step = TV.Broadcast(_lr) * g / TV.Sqrt(acc + TV.Broadcast(_eps));
            TV.Store(TV.Load(ref _w, i) - step, ref _w, i);
        }
    }
}
