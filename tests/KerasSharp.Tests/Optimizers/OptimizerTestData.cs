using KerasSharp.Engine;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Optimizers;

/// <summary>Fixed weights and gradient sequences for optimizer tests, and a runner that applies them.</summary>
internal static class OptimizerTestData
{
    /// <summary>19 values: two AVX-512 vectors would need 32, so the SIMD body and the scalar tail both run.</summary>
    public const int Length = 19;

    public static float[] InitialWeights(int length = Length)
    {
        var w = new float[length];
        for (int i = 0; i < length; i++)
        {
            w[i] = 0.5f - 0.07f * i + 0.01f * (i % 3);
        }
        return w;
    }

    /// <summary>Gradient of step <paramref name="step"/>: mixed signs and magnitudes, some elements exactly 0.</summary>
    public static float[] Gradient(int step, int length = Length, float scale = 1f)
    {
        var g = new float[length];
        for (int i = 0; i < length; i++)
        {
            g[i] = i % 7 == 3 ? 0f : scale * (float)(Math.Sin(1.3 * i + 0.7 * step) * (0.2 + 0.15 * (i % 5)));
        }
        return g;
    }

    /// <summary>Applies <paramref name="steps"/> updates with <see cref="Gradient"/> to one variable and returns its values.</summary>
    public static float[] Run(Optimizer optimizer, int steps, float gradientScale = 1f)
    {
        var w = new Variable(Tensor.FromArray(InitialWeights()), "w");
        for (int t = 0; t < steps; t++)
        {
            optimizer.Apply([Tensor.FromArray(Gradient(t, scale: gradientScale))], [w]);
        }
        return w.Value.ToArray();
    }

    /// <summary>The same weights and gradients as <see cref="Run"/>, in double.</summary>
    public static (double[] W, double[][] Grads) Reference(int steps, float gradientScale = 1f)
    {
        var w = Array.ConvertAll(InitialWeights(), x => (double)x);
        var grads = new double[steps][];
        for (int t = 0; t < steps; t++)
        {
            grads[t] = Array.ConvertAll(Gradient(t, scale: gradientScale), x => (double)x);
        }
        return (w, grads);
    }

    public static void AssertClose(float[] actual, double[] expected, double rtol = 2e-5, double atol = 1e-6)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        Assert.Multiple(() =>
        {
            for (int i = 0; i < actual.Length; i++)
            {
                Assert.That(actual[i], Is.EqualTo(expected[i]).Within(atol + rtol * Math.Abs(expected[i])), $"element {i}");
            }
        });
    }
}
