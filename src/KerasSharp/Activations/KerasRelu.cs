using KerasSharp.Engine;

namespace KerasSharp.Activations;

/// <summary>Keras' <c>relu</c> with its optional negative slope, cap and threshold, shared by the activation and the ReLU layer.</summary>
internal static class KerasRelu
{
    /// <summary>
    /// <c>min(x, maxValue)</c> for <c>x &gt; threshold</c>, otherwise <c>negativeSlope · (x − threshold)</c>, built
    /// from the same ops as <c>keras.activations.relu</c> so values and kink gradients agree: a leaky ReLU when only
    /// the slope is set, ReLU6 for a cap of 6 without threshold.
    /// </summary>
    public static Tensor Apply(Tensor x, float negativeSlope, float? maxValue, float threshold)
    {
        if (negativeSlope != 0f && maxValue is null && threshold == 0f)
        {
            return Ops.LeakyRelu(x, negativeSlope);
        }
        Tensor y;
        bool clip = maxValue is not null;
        if (threshold != 0f)
        {
            y = Ops.Multiply(x, Ops.Greater(x, Tensor.Scalar(threshold)));
        }
        else if (maxValue == 6f)
        {
            y = Ops.Relu6(x);
            clip = false;
        }
        else
        {
            y = Ops.Relu(x);
        }
        if (clip)
        {
            y = Ops.Clip(y, 0f, maxValue!.Value);
        }
        if (negativeSlope != 0f)
        {
            var negativePart = Ops.Relu(Ops.Subtract(Tensor.Scalar(threshold), x));
            y = Ops.Subtract(y, Ops.Multiply(negativePart, Tensor.Scalar(negativeSlope)));
        }
        return y;
    }
}
