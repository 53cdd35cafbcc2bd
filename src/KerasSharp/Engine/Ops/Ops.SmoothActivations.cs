namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>Mish <c>x·tanh(softplus(x))</c>, computed in double with a stable softplus.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Mish(Tensor x) => Elementwise(x, default(MishActivation));

    /// <summary>
    /// Log-sigmoid <c>log(1 / (1 + e⁻ˣ)) = −softplus(−x)</c>, computed stably as <c>min(x, 0) − log1p(e^−|x|)</c>.
    /// </summary>
    /// <param name="x">The input.</param>
    public static Tensor LogSigmoid(Tensor x) => Elementwise(x, default(LogSigmoidActivation));

    /// <summary>
    /// CELU: <c>x</c> for x ≥ 0, else <c>alpha·(e^(x/alpha) − 1)</c>. It is continuously differentiable: the gradient
    /// at 0 is 1.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The scale α (Keras' default 1.0); must be non-zero.</param>
    /// <exception cref="ArgumentException"><paramref name="alpha"/> is 0 or NaN.</exception>
    public static Tensor Celu(Tensor x, double alpha = 1.0)
    {
        if (alpha == 0.0 || double.IsNaN(alpha))
        {
            throw new ArgumentException($"celu needs a non-zero alpha. Received: alpha={alpha}", nameof(alpha));
        }
        return Elementwise(x, new CeluActivation(alpha));
    }

    /// <summary>Squareplus <c>(x + √(x² + b)) / 2</c>; <paramref name="b"/> sets the smoothness near 0.</summary>
    /// <param name="x">The input.</param>
    /// <param name="b">The smoothness parameter (Keras' default 4); must be ≥ 0.</param>
    /// <exception cref="ArgumentException"><paramref name="b"/> is negative or NaN.</exception>
    public static Tensor Squareplus(Tensor x, double b = 4.0)
    {
        if (!(b >= 0.0))
        {
            throw new ArgumentException($"squareplus needs b >= 0. Received: b={b}", nameof(b));
        }
        return Elementwise(x, new SquareplusActivation(b));
    }

    /// <summary>Tanh shrink <c>x − tanh(x)</c>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor TanhShrink(Tensor x) => Elementwise(x, default(TanhShrinkActivation));

    /// <summary>softplus(v) = max(v, 0) + log1p(e^−|v|), in double.</summary>
    private static double StableSoftplus(double v) => Math.Max(v, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(v)));

    private readonly struct MishActivation : IElementwiseActivation
    {
        public float Value(float x) => (float)(x * Math.Tanh(StableSoftplus(x)));

        public float Derivative(float x, float y)
        {
            double t = Math.Tanh(StableSoftplus(x));
            double sigmoid = 1.0 / (1.0 + Math.Exp(-(double)x));
            return (float)(t + x * (1.0 - t * t) * sigmoid);
        }
    }

    private readonly struct LogSigmoidActivation : IElementwiseActivation
    {
        public float Value(float x) => (float)(Math.Min(x, 0.0) - Math.Log(1.0 + Math.Exp(-Math.Abs((double)x))));

        // d/dx log σ(x) = σ(−x)
        public float Derivative(float x, float y) => (float)(1.0 / (1.0 + Math.Exp(x)));
    }

    private readonly struct CeluActivation(double alpha) : IElementwiseActivation
    {
        private readonly double _alpha = alpha;

        public float Value(float x) => x >= 0f ? x : (float)(_alpha * (Math.Exp(x / _alpha) - 1.0));

        public float Derivative(float x, float y) => x >= 0f ? 1f : (float)Math.Exp(x / _alpha);
    }

    private readonly struct SquareplusActivation(double b) : IElementwiseActivation
    {
        private readonly double _b = b;

        public float Value(float x) => (float)((x + Math.Sqrt((double)x * x + _b)) / 2.0);

        public float Derivative(float x, float y)
        {
            double root = Math.Sqrt((double)x * x + _b);
            return root == 0.0 ? 0.5f : (float)(0.5 * (1.0 + x / root));
        }
    }

    private readonly struct TanhShrinkActivation : IElementwiseActivation
    {
        public float Value(float x) => (float)(x - Math.Tanh(x));

        // 1 − (1 − tanh²x) = tanh²x
        public float Derivative(float x, float y)
        {
            float t = MathF.Tanh(x);
            return t * t;
        }
    }
}
