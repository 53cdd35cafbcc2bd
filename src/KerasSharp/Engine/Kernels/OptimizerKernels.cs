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

    /// <summary>Keras' decoupled weight decay, applied before the update: <c>w = w − w·wd·lr</c>.</summary>
    public static void WeightDecay(Span<float> w, float weightDecay, float learningRate, int maxVectorBits = 512)
    {
        var op = new WeightDecayOp(w, weightDecay, learningRate);
        Run(ref op, w.Length, maxVectorBits);
    }

    /// <summary>The exponential moving average of a weight: <c>avg = μ·avg + (1 − μ)·w</c>.</summary>
    public static void MovingAverage(Span<float> average, ReadOnlySpan<float> w, float momentum, float oneMinusMomentum, int maxVectorBits = 512)
    {
        CheckLengths(average.Length, w.Length);
        var op = new MovingAverageOp(average, w, momentum, oneMinusMomentum);
        Run(ref op, average.Length, maxVectorBits);
    }

    /// <summary>Exchanges the values of two spans of the same length.</summary>
    public static void Swap(Span<float> a, Span<float> b, int maxVectorBits = 512)
    {
        CheckLengths(a.Length, b.Length);
        var op = new SwapOp(a, b);
        Run(ref op, a.Length, maxVectorBits);
    }

    /// <summary>The mean of accumulated gradients, in place: <c>acc = (g + acc) / n</c>.</summary>
    public static void AddAndDivide(ReadOnlySpan<float> g, Span<float> accumulator, int steps, int maxVectorBits = 512)
    {
        CheckLengths(accumulator.Length, g.Length);
        var op = new AddAndDivideOp(g, accumulator, steps);
        Run(ref op, accumulator.Length, maxVectorBits);
    }

    /// <summary><c>w = w − s·u</c>.</summary>
    public static void SubtractScaled(Span<float> w, ReadOnlySpan<float> u, float scale)
    {
        CheckLengths(w.Length, u.Length);
        var op = new SubtractScaledOp(w, u, scale);
        Run(ref op, w.Length, 512);
    }

    /// <summary>
    /// Nadam in Keras' form: <c>m += (g − m)·(1 − β1)</c>; <c>v += (g² − v)·(1 − β2)</c>;
    /// <c>m̂ = (u₊·m)/(1 − Π₊) + ((1 − u)·g)/(1 − Π)</c>; <c>v̂ = v/(1 − β2ᵗ)</c>; <c>w −= (m̂·lr)/(sqrt(v̂) + ε)</c>,
    /// with the momentum schedule <c>u</c>, <c>u₊</c> and its products <c>Π</c>, <c>Π₊ = Π·u₊</c> computed by the caller.
    /// </summary>
    public static void Nadam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in NadamCoefficients c, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length, m.Length, v.Length);
        var op = new NadamOp(w, g, m, v, c);
        Run(ref op, w.Length, maxVectorBits);
    }

    /// <summary>The per-step scalars of <see cref="Nadam"/>.</summary>
    internal readonly record struct NadamCoefficients(float LearningRate, float OneMinusBeta1, float OneMinusBeta2, float NextMomentum,
        float OneMinusNextProduct, float OneMinusMomentum, float OneMinusProduct, float OneMinusBeta2Power, float Epsilon);

    /// <summary>
    /// Adamax in Keras' form: <c>m += (g − m)·(1 − β1)</c>; <c>u = max(β2·u, |g|)</c>;
    /// <c>w −= (lr·m) / ((1 − β1ᵗ)·(u + ε))</c>.
    /// </summary>
    public static void Adamax(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> u,
        float learningRate, float oneMinusBeta1, float beta2, float oneMinusBeta1Power, float epsilon, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length, m.Length, u.Length);
        var op = new AdamaxOp(w, g, m, u, learningRate, oneMinusBeta1, beta2, oneMinusBeta1Power, epsilon);
        Run(ref op, w.Length, maxVectorBits);
    }

    /// <summary>
    /// Adadelta in Keras' form: <c>a = ρ·a + (1 − ρ)·g²</c>; <c>δ = −(sqrt(d + ε)·g) / sqrt(a + ε)</c>;
    /// <c>d = ρ·d + (1 − ρ)·δ²</c>; <c>w += lr·δ</c>.
    /// </summary>
    public static void Adadelta(Span<float> w, ReadOnlySpan<float> g, Span<float> accumulatedGrad, Span<float> accumulatedDelta,
        float learningRate, float rho, float oneMinusRho, float epsilon, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length, accumulatedGrad.Length, accumulatedDelta.Length);
        var op = new AdadeltaOp(w, g, accumulatedGrad, accumulatedDelta, learningRate, rho, oneMinusRho, epsilon);
        Run(ref op, w.Length, maxVectorBits);
    }

    /// <summary>
    /// FTRL in Keras' form, with <c>p = −learning_rate_power</c>: <c>ĝ = g + 2·l2s·w</c>; <c>n = acc + g²</c>;
    /// <c>linear += ĝ − ((nᵖ − accᵖ)/lr)·w</c>; <c>q = nᵖ/lr + 2·l2</c>; <c>w = (clip(linear, −l1, l1) − linear)/q</c>;
    /// <c>acc = n</c>. The SIMD path serves the default <c>p = 0.5</c> (a square root); other powers run element by element.
    /// </summary>
    public static void Ftrl(Span<float> w, ReadOnlySpan<float> g, Span<float> accumulator, Span<float> linear,
        float learningRate, float power, float l1, float twoL2, float twoL2Shrinkage, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length, accumulator.Length, linear.Length);
        if (power == 0.5f)
        {
            var op = new FtrlOp(w, g, accumulator, linear, learningRate, l1, twoL2, twoL2Shrinkage);
            Run(ref op, w.Length, maxVectorBits);
            return;
        }
        for (int i = 0; i < w.Length; i++)
        {
            float wi = w[i], gi = g[i], acc = accumulator[i];
            float newAcc = acc + gi * gi;
            float newPow = MathF.Pow(newAcc, power);
            float lin = linear[i] + ((gi + twoL2Shrinkage * wi) - (newPow - MathF.Pow(acc, power)) / learningRate * wi);
            linear[i] = lin;
            w[i] = (Math.Clamp(lin, -l1, l1) - lin) / (newPow / learningRate + twoL2);
            accumulator[i] = newAcc;
        }
    }

    /// <summary>
    /// Lion in Keras' form: <c>w −= lr·sign(m·β1 + g·(1 − β1))</c>, then <c>m = m·β2 + g·(1 − β2)</c>.
    /// </summary>
    public static void Lion(Span<float> w, ReadOnlySpan<float> g, Span<float> m,
        float learningRate, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, int maxVectorBits = 512)
    {
        CheckLengths(w.Length, g.Length, m.Length);
        var op = new LionOp(w, g, m, learningRate, beta1, oneMinusBeta1, beta2, oneMinusBeta2);
        Run(ref op, w.Length, maxVectorBits);
    }

    /// <summary>
    /// The moments and the direction of LAMB, in Keras' form: <c>m += (g − m)·(1 − β1)</c>;
    /// <c>v += (g² − v)·(1 − β2)</c>; <c>u = (m/(1 − β1ᵗ)) / (sqrt(v/(1 − β2ᵗ)) + ε)</c>. The caller scales
    /// <c>u</c> by the trust ratio and applies it with <see cref="SubtractScaled"/>.
    /// </summary>
    public static void LambDirection(ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> direction,
        float oneMinusBeta1, float oneMinusBeta2, float oneMinusBeta1Power, float oneMinusBeta2Power, float epsilon, int maxVectorBits = 512)
    {
        CheckLengths(g.Length, m.Length, v.Length, direction.Length);
        var op = new LambOp(g, m, v, direction, oneMinusBeta1, oneMinusBeta2, oneMinusBeta1Power, oneMinusBeta2Power, epsilon);
        Run(ref op, g.Length, maxVectorBits);
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

    private static void CheckLengths(int expected, int a, int b, int c, int d)
    {
        CheckLengths(expected, a, b, c);
        if (d != expected)
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
    private ref struct WeightDecayOp(Span<float> w, float weightDecay, float lr) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly float _wd = weightDecay;
        private readonly float _lr = lr;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var w = TV.Load(ref _w, i);
            TV.Store(w - w * TV.Broadcast(_wd) * TV.Broadcast(_lr), ref _w, i);
        }
    }

    private ref struct MovingAverageOp(Span<float> average, ReadOnlySpan<float> w, float momentum, float oneMinusMomentum) : IUpdateOperator
    {
        private readonly ref float _avg = ref MemoryMarshal.GetReference(average);
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly float _mu = momentum;
        private readonly float _oneMinusMu = oneMinusMomentum;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV> =>
            TV.Store(TV.Broadcast(_mu) * TV.Load(ref _avg, i) + TV.Broadcast(_oneMinusMu) * TV.Load(ref _w, i), ref _avg, i);
    }

    private ref struct SwapOp(Span<float> a, Span<float> b) : IUpdateOperator
    {
        private readonly ref float _a = ref MemoryMarshal.GetReference(a);
        private readonly ref float _b = ref MemoryMarshal.GetReference(b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var a = TV.Load(ref _a, i);
            TV.Store(TV.Load(ref _b, i), ref _a, i);
            TV.Store(a, ref _b, i);
        }
    }

    private ref struct AddAndDivideOp(ReadOnlySpan<float> g, Span<float> accumulator, float steps) : IUpdateOperator
    {
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _acc = ref MemoryMarshal.GetReference(accumulator);
        private readonly float _steps = steps;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV> =>
            TV.Store((TV.Load(ref _g, i) + TV.Load(ref _acc, i)) / TV.Broadcast(_steps), ref _acc, i);
    }

    private ref struct SubtractScaledOp(Span<float> w, ReadOnlySpan<float> u, float scale) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _u = ref MemoryMarshal.GetReference(u);
        private readonly float _scale = scale;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV> =>
            TV.Store(TV.Load(ref _w, i) - TV.Broadcast(_scale) * TV.Load(ref _u, i), ref _w, i);
    }

    private ref struct NadamOp(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, NadamCoefficients c) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _m = ref MemoryMarshal.GetReference(m);
        private readonly ref float _v = ref MemoryMarshal.GetReference(v);
        private readonly NadamCoefficients _c = c;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var g = TV.Load(ref _g, i);
            var m = TV.Load(ref _m, i);
            var v = TV.Load(ref _v, i);
            m += (g - m) * TV.Broadcast(_c.OneMinusBeta1);
            v += (g * g - v) * TV.Broadcast(_c.OneMinusBeta2);
            TV.Store(m, ref _m, i);
            TV.Store(v, ref _v, i);
            var mHat = TV.Broadcast(_c.NextMomentum) * m / TV.Broadcast(_c.OneMinusNextProduct)
                + TV.Broadcast(_c.OneMinusMomentum) * g / TV.Broadcast(_c.OneMinusProduct);
            var vHat = v / TV.Broadcast(_c.OneMinusBeta2Power);
            var step = mHat * TV.Broadcast(_c.LearningRate) / (TV.Sqrt(vHat) + TV.Broadcast(_c.Epsilon));
            TV.Store(TV.Load(ref _w, i) - step, ref _w, i);
        }
    }

    private ref struct AdamaxOp(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> u,
        float lr, float oneMinusBeta1, float beta2, float oneMinusBeta1Power, float epsilon) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _m = ref MemoryMarshal.GetReference(m);
        private readonly ref float _u = ref MemoryMarshal.GetReference(u);
        private readonly float _lr = lr;
        private readonly float _b1 = oneMinusBeta1;
        private readonly float _beta2 = beta2;
        private readonly float _b1Power = oneMinusBeta1Power;
        private readonly float _eps = epsilon;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var g = TV.Load(ref _g, i);
            var m = TV.Load(ref _m, i);
            m += (g - m) * TV.Broadcast(_b1);
            var u = TV.Max(TV.Broadcast(_beta2) * TV.Load(ref _u, i), Abs(g));
            TV.Store(m, ref _m, i);
            TV.Store(u, ref _u, i);
            var step = TV.Broadcast(_lr) * m / (TV.Broadcast(_b1Power) * (u + TV.Broadcast(_eps)));
            TV.Store(TV.Load(ref _w, i) - step, ref _w, i);
        }
    }

    private ref struct AdadeltaOp(Span<float> w, ReadOnlySpan<float> g, Span<float> accumulatedGrad, Span<float> accumulatedDelta,
        float lr, float rho, float oneMinusRho, float epsilon) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _a = ref MemoryMarshal.GetReference(accumulatedGrad);
        private readonly ref float _d = ref MemoryMarshal.GetReference(accumulatedDelta);
        private readonly float _lr = lr;
        private readonly float _rho = rho;
        private readonly float _oneMinusRho = oneMinusRho;
        private readonly float _eps = epsilon;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var g = TV.Load(ref _g, i);
            var rho = TV.Broadcast(_rho);
            var oneMinusRho = TV.Broadcast(_oneMinusRho);
            var eps = TV.Broadcast(_eps);
            var a = rho * TV.Load(ref _a, i) + oneMinusRho * (g * g);
            TV.Store(a, ref _a, i);
            var d = TV.Load(ref _d, i);
            var delta = TV.Broadcast(0f) - TV.Sqrt(d + eps) * g / TV.Sqrt(a + eps);
            TV.Store(rho * d + oneMinusRho * (delta * delta), ref _d, i);
            TV.Store(TV.Load(ref _w, i) + TV.Broadcast(_lr) * delta, ref _w, i);
        }
    }

    // FTRL with learning_rate_power = −0.5: the powers are square roots
    private ref struct FtrlOp(Span<float> w, ReadOnlySpan<float> g, Span<float> accumulator, Span<float> linear,
        float lr, float l1, float twoL2, float twoL2Shrinkage) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _acc = ref MemoryMarshal.GetReference(accumulator);
        private readonly ref float _linear = ref MemoryMarshal.GetReference(linear);
        private readonly float _lr = lr;
        private readonly float _l1 = l1;
        private readonly float _twoL2 = twoL2;
        private readonly float _twoL2Shrinkage = twoL2Shrinkage;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var w = TV.Load(ref _w, i);
            var g = TV.Load(ref _g, i);
            var acc = TV.Load(ref _acc, i);
            var lr = TV.Broadcast(_lr);
            var newAcc = acc + g * g;
            var newPow = TV.Sqrt(newAcc);
            var linear = TV.Load(ref _linear, i) + ((g + TV.Broadcast(_twoL2Shrinkage) * w) - (newPow - TV.Sqrt(acc)) / lr * w);
            TV.Store(linear, ref _linear, i);
            var l1 = TV.Broadcast(_l1);
            var clipped = TV.Broadcast(0f) - TV.Max(TV.Broadcast(0f) - TV.Max(linear, TV.Broadcast(0f) - l1), TV.Broadcast(0f) - l1);
            TV.Store((clipped - linear) / (newPow / lr + TV.Broadcast(_twoL2)), ref _w, i);
            TV.Store(newAcc, ref _acc, i);
        }
    }

    private ref struct LionOp(Span<float> w, ReadOnlySpan<float> g, Span<float> m,
        float lr, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2) : IUpdateOperator
    {
        private readonly ref float _w = ref MemoryMarshal.GetReference(w);
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _m = ref MemoryMarshal.GetReference(m);
        private readonly float _lr = lr;
        private readonly float _beta1 = beta1;
        private readonly float _b1 = oneMinusBeta1;
        private readonly float _beta2 = beta2;
        private readonly float _b2 = oneMinusBeta2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TV>(nuint i) where TV : struct, ISimd<TV>
        {
            var g = TV.Load(ref _g, i);
            var m = TV.Load(ref _m, i);
            var c = m * TV.Broadcast(_beta1) + g * TV.Broadcast(_b1);
            // sign(c): c/|c| is exactly ±1; the smallest subnormal as the floor keeps ±0 at ±0
            var sign = c / TV.Max(Abs(c), TV.Broadcast(float.Epsilon));
            TV.Store(TV.Load(ref _w, i) - TV.Broadcast(_lr) * sign, ref _w, i);
            TV.Store(m * TV.Broadcast(_beta2) + g * TV.Broadcast(_b2), ref _m, i);
        }
    }

    private ref struct LambOp(ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> direction,
        float oneMinusBeta1, float oneMinusBeta2, float oneMinusBeta1Power, float oneMinusBeta2Power, float epsilon) : IUpdateOperator
    {
        private readonly ref float _g = ref MemoryMarshal.GetReference(g);
        private readonly ref float _m = ref MemoryMarshal.GetReference(m);
        private readonly ref float _v = ref MemoryMarshal.GetReference(v);
        private readonly ref float _u = ref MemoryMarshal.GetReference(direction);
        private readonly float _b1 = oneMinusBeta1;
        private readonly float _b2 = oneMinusBeta2;
        private readonly float _b1Power = oneMinusBeta1Power;
        private readonly float _b2Power = oneMinusBeta2Power;
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
            var u = m / TV.Broadcast(_b1Power) / (TV.Sqrt(v / TV.Broadcast(_b2Power)) + TV.Broadcast(_eps));
            TV.Store(u, ref _u, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Abs<TV>(TV x) where TV : struct, ISimd<TV> => TV.Max(x, TV.Broadcast(0f) - x);
}
