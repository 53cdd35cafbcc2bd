using System.Globalization;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

/// <summary>
/// Central-difference check of a built layer's gradients with respect to its input and to every trainable weight,
/// for <c>L = Σ layer(x)·R</c> with fixed weights <c>R</c>. Weights are perturbed in place with
/// <see cref="Variable.Assign(ReadOnlySpan{float})"/> and restored afterwards; the loss is summed in double.
/// </summary>
internal static class LayerGradientCheck
{
    public static void Run(Layer layer, Tensor x, double eps = 1e-2, double rtol = 1e-2, double atol = 1e-3)
    {
        var r = LayerTestHarness.RandomInput(layer.Apply(x).Shape, seed: 99);
        var weights = layer.TrainableWeights;
        Tensor[] analytic;
        using (var tape = GradientTape.Record())
        {
            var loss = Ops.Sum(Ops.Multiply(layer.Apply(x), r));
            analytic = tape.Gradient(loss, [x, .. weights.Select(w => w.Value)]);
        }
        var xs = x.ToArray();
        Compare("input", analytic[0], xs.Length, j =>
        {
            var plus = (float[])xs.Clone();
            var minus = (float[])xs.Clone();
            plus[j] += (float)eps;
            minus[j] -= (float)eps;
            return (Loss(layer, Tensor.FromArray(plus, x.Shape.ToArray()), r) - Loss(layer, Tensor.FromArray(minus, x.Shape.ToArray()), r)) / (plus[j] - (double)minus[j]);
        }, rtol, atol);
        for (int i = 0; i < weights.Count; i++)
        {
            var v = weights[i];
            var values = v.Value.ToArray();
            Compare(v.Path, analytic[i + 1], values.Length, j =>
            {
                var shifted = (float[])values.Clone();
                shifted[j] = values[j] + (float)eps;
                v.Assign(shifted);
                double lp = Loss(layer, x, r);
                double up = shifted[j];
                shifted[j] = values[j] - (float)eps;
                v.Assign(shifted);
                double lm = Loss(layer, x, r);
                v.Assign(values);
                return (lp - lm) / (up - shifted[j]);
            }, rtol, atol);
        }
    }

    private static double Loss(Layer layer, Tensor x, Tensor r)
    {
        var y = layer.Apply(x).Span;
        double sum = 0;
        for (int k = 0; k < y.Length; k++)
        {
            sum += (double)y[k] * r.Span[k];
        }
        return sum;
    }

    private static void Compare(string what, Tensor analytic, int count, Func<int, double> numeric, double rtol, double atol)
    {
        for (int j = 0; j < count; j++)
        {
            double n = numeric(j);
            float a = analytic.Span[j];
            if (!TensorAssert.IsClose(a, n, rtol, atol))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"Gradient of {what} at flat index {j}: analytic {a:R}, numeric {n:R}."));
            }
        }
    }
}
