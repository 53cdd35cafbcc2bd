using KerasSharp.Engine;

namespace KerasSharp.Training;

/// <summary>Keras' conversion of <c>class_weight</c> into per-sample weights.</summary>
internal static class ClassWeights
{
    /// <summary>
    /// Label = argmax for one-hot targets, the value itself for <c>(n,)</c> or <c>(n, 1)</c> targets, rounded to an
    /// integer; classes missing from the dictionary weigh 1.
    /// </summary>
    public static Tensor? ToSampleWeights(Tensor y, IReadOnlyDictionary<int, float>? classWeight, Tensor? sampleWeight)
    {
        if (classWeight is null)
        {
            return sampleWeight;
        }
        if (sampleWeight is not null)
        {
            throw new ArgumentException("You cannot pass both `classWeight` and `sampleWeight` at the same time.");
        }
        int n = y.Shape[0];
        int width = n == 0 ? 0 : y.Size / n;
        var weights = new float[n];
        var ys = y.Span;
        for (int i = 0; i < n; i++)
        {
            int label;
            if (width == 1)
            {
                label = (int)Math.Round(ys[i]);
            }
            else
            {
                var row = ys.Slice(i * width, width);
                label = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
            }
            weights[i] = classWeight.TryGetValue(label, out var w) ? w : 1f;
        }
        return Tensor.FromArray(weights);
    }
}
