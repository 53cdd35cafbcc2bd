using System.Globalization;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// Hard SiLU (hard swish) <c>x·relu6(x + 3) / 6</c>: 0 below −3, <c>x</c> above 3. Its gradient at the kinks is
    /// that of TensorFlow's composition: 0 at −3, 1 at 3.
    /// </summary>
    /// <param name="x">The input.</param>
    public static Tensor HardSilu(Tensor x) => Elementwise(x, default(HardSiluActivation));

    /// <summary>Hard swish, an alias of <see cref="HardSilu"/> as in Keras.</summary>
    /// <param name="x">The input.</param>
    public static Tensor HardSwish(Tensor x) => HardSilu(x);

    /// <summary>Hard tanh <c>clip(x, −1, 1)</c>; the gradient passes on the closed interval, as <see cref="Clip"/>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor HardTanh(Tensor x) => Clip(x, -1f, 1f);

    /// <summary>
    /// Sparse plus: 0 for x ≤ −1, <c>(x + 1)² / 4</c> for −1 &lt; x &lt; 1, <c>x</c> for x ≥ 1.
    /// </summary>
    /// <param name="x">The input.</param>
    public static Tensor SparsePlus(Tensor x) => Elementwise(x, default(SparsePlusActivation));

    /// <summary>Sparse sigmoid: 0 for x ≤ −1, <c>(x + 1) / 2</c> for −1 &lt; x &lt; 1, 1 for x ≥ 1.</summary>
    /// <param name="x">The input.</param>
    public static Tensor SparseSigmoid(Tensor x) => Elementwise(x, default(SparseSigmoidActivation));

    /// <summary>
    /// Soft shrink: <c>x − threshold</c> above <paramref name="threshold"/>, <c>x + threshold</c> below
    /// <c>−threshold</c>, else 0. The gradient is 0 at ±threshold.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="threshold">The threshold (Keras' default 0.5).</param>
    public static Tensor SoftShrink(Tensor x, double threshold = 0.5) => Elementwise(x, new SoftShrinkActivation(Finite(threshold, "soft_shrink", nameof(threshold))));

    /// <summary>Hard shrink: <c>x</c> where <c>|x| &gt; threshold</c>, else 0.</summary>
    /// <param name="x">The input.</param>
    /// <param name="threshold">The threshold (Keras' default 0.5).</param>
    public static Tensor HardShrink(Tensor x, double threshold = 0.5) => Elementwise(x, new HardShrinkActivation(Finite(threshold, "hard_shrink", nameof(threshold))));

    /// <summary>Keras' <c>threshold</c>: <c>x</c> where <c>x &gt; threshold</c>, else <paramref name="defaultValue"/>.</summary>
    /// <param name="x">The input.</param>
    /// <param name="threshold">Values at or below it are replaced.</param>
    /// <param name="defaultValue">The replacement value.</param>
    public static Tensor Threshold(Tensor x, double threshold, double defaultValue)
    {
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("threshold needs a threshold that is a number. Received: threshold=NaN", nameof(threshold));
        }
        return Elementwise(x, new ThresholdActivation((float)threshold, (float)defaultValue));
    }

    private static float Finite(double value, string op, string name) => double.IsFinite(value)
        ? (float)value
        : throw new ArgumentException($"{op} needs a finite {name}. Received: {name}={value.ToString(CultureInfo.InvariantCulture)}", name);

    private readonly struct HardSiluActivation : IElementwiseActivation
    {
        public float Value(float x) => x * Math.Clamp(x + 3f, 0f, 6f) / 6f;

        // hard_sigmoid(x) + x·hard_sigmoid′(x), with relu6′ = 0 at its kinks
        public float Derivative(float x, float y) => Math.Clamp(x + 3f, 0f, 6f) / 6f + (x > -3f && x < 3f ? x / 6f : 0f);
    }

    private readonly struct SparsePlusActivation : IElementwiseActivation
    {
        public float Value(float x) => x <= -1f ? 0f : x < 1f ? 0.25f * (x + 1f) * (x + 1f) : x;

        public float Derivative(float x, float y) => x <= -1f ? 0f : x < 1f ? 0.5f * (x + 1f) : 1f;
    }

    private readonly struct SparseSigmoidActivation : IElementwiseActivation
    {
        public float Value(float x) => x <= -1f ? 0f : x >= 1f ? 1f : 0.5f * (x + 1f);

        public float Derivative(float x, float y) => x > -1f && x < 1f ? 0.5f : 0f;
    }

    private readonly struct SoftShrinkActivation(float threshold) : IElementwiseActivation
    {
        private readonly float _threshold = threshold;

        public float Value(float x) => x > _threshold ? x - _threshold : x < -_threshold ? x + _threshold : 0f;

        public float Derivative(float x, float y) => x > _threshold || x < -_threshold ? 1f : 0f;
    }

    private readonly struct HardShrinkActivation(float threshold) : IElementwiseActivation
    {
        private readonly float _threshold = threshold;

        public float Value(float x) => MathF.Abs(x) > _threshold ? x : 0f;

        public float Derivative(float x, float y) => MathF.Abs(x) > _threshold ? 1f : 0f;
    }

    private readonly struct ThresholdActivation(float threshold, float defaultValue) : IElementwiseActivation
    {
        private readonly float _threshold = threshold;
        private readonly float _defaultValue = defaultValue;

        public float Value(float x) => x > _threshold ? x : _defaultValue;

        public float Derivative(float x, float y) => x > _threshold ? 1f : 0f;
    }
}
