using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

/// <summary>
/// Independent double-precision references for the recurrent layers, written from Keras' cell formulas
/// (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py), plus a weight-gradient check by finite differences.
/// </summary>
internal static class RnnReference
{
    /// <summary>One cell step on one sample: (x_t, h, c) → (h', c').</summary>
    public delegate (double[] H, double[] C) Cell(double[] x, double[] h, double[] c);

    /// <summary>Reproducible values in ±scale (float-representable so the layer sees exactly the same numbers).</summary>
    public static float[] Values(int count, int seed, double scale = 1.0)
    {
        var values = new float[count];
        uint state = (uint)seed * 2654435761u + 12345u;
        for (int i = 0; i < count; i++)
        {
            state = state * 1664525u + 1013904223u;
            values[i] = (float)(scale * ((state >> 8) / (double)(1 << 24) * 2 - 1));
        }
        return values;
    }

    /// <summary>A (rows, cols) matrix of <see cref="Values"/>, as a tensor for SetWeights and as doubles.</summary>
    public static (Tensor Tensor, double[,] Matrix) Matrix(int rows, int cols, int seed, double scale = 0.5)
    {
        var v = Values(rows * cols, seed, scale);
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                m[i, j] = v[i * cols + j];
            }
        }
        return (Tensor.FromArray(v, rows, cols), m);
    }

    /// <summary>A vector of <see cref="Values"/>.</summary>
    public static (Tensor Tensor, double[] Vector) Vector(int n, int seed, double scale = 0.5)
    {
        var v = Values(n, seed, scale);
        return (Tensor.FromArray(v, n), v.Select(f => (double)f).ToArray());
    }

    /// <summary>
    /// Runs <paramref name="cell"/> over every sample of <paramref name="x"/> <c>(batch, timesteps, features)</c> from
    /// zero states; returns the outputs in processing order (reversed with <paramref name="goBackwards"/>, as Keras).
    /// </summary>
    public static double[,,] Run(Tensor x, int units, bool goBackwards, Cell cell) => Run(x, units, goBackwards, cell, null, null, out _, out _);

    /// <summary>
    /// <see cref="Run(Tensor, int, bool, Cell)"/> from the states <paramref name="h0"/> and <paramref name="c0"/>
    /// (<c>(batch, units)</c> flattened; null for zeros); <paramref name="finalH"/> and <paramref name="finalC"/> get
    /// the states after the last step, flattened.
    /// </summary>
    public static double[,,] Run(Tensor x, int units, bool goBackwards, Cell cell, float[]? h0, float[]? c0, out float[] finalH, out float[] finalC)
    {
        int batch = x.Shape[0], steps = x.Shape[1], features = x.Shape[2];
        var xs = x.ToArray();
        var outputs = new double[batch, steps, units];
        finalH = new float[batch * units];
        finalC = new float[batch * units];
        for (int b = 0; b < batch; b++)
        {
            var h = h0 is null ? new double[units] : h0.Skip(b * units).Take(units).Select(v => (double)v).ToArray();
            var c = c0 is null ? new double[units] : c0.Skip(b * units).Take(units).Select(v => (double)v).ToArray();
            for (int i = 0; i < steps; i++)
            {
                int t = goBackwards ? steps - 1 - i : i;
                var xt = new double[features];
                for (int f = 0; f < features; f++)
                {
                    xt[f] = xs[(b * steps + t) * features + f];
                }
                (h, c) = cell(xt, h, c);
                for (int u = 0; u < units; u++)
                {
                    outputs[b, i, u] = h[u];
                }
            }
            for (int u = 0; u < units; u++)
            {
                finalH[b * units + u] = (float)h[u];
                finalC[b * units + u] = (float)c[u];
            }
        }
        return outputs;
    }

    /// <summary>The last step's outputs <c>(batch, units)</c> of a <see cref="Run"/> result, flattened.</summary>
    public static float[] Last(double[,,] outputs)
    {
        int batch = outputs.GetLength(0), steps = outputs.GetLength(1), units = outputs.GetLength(2);
        var last = new float[batch * units];
        for (int b = 0; b < batch; b++)
        {
            for (int u = 0; u < units; u++)
            {
                last[b * units + u] = (float)outputs[b, steps - 1, u];
            }
        }
        return last;
    }

    /// <summary>All outputs <c>(batch, timesteps, units)</c>, flattened.</summary>
    public static float[] All(double[,,] outputs) => outputs.Cast<double>().Select(v => (float)v).ToArray();

    /// <summary><c>v · M</c> restricted to columns <c>[start, start + count)</c>.</summary>
    public static double[] Dot(double[] v, double[,] m, int start, int count)
    {
        var r = new double[count];
        for (int j = 0; j < count; j++)
        {
            for (int i = 0; i < v.Length; i++)
            {
                r[j] += v[i] * m[i, start + j];
            }
        }
        return r;
    }

    /// <summary>Entries <c>[start, start + count)</c> of a bias, or zeros without one.</summary>
    public static double[] Part(double[]? bias, int start, int count) =>
        bias is null ? new double[count] : bias[start..(start + count)];

    /// <summary>Element-wise map of two vectors.</summary>
    public static double[] Zip(double[] a, double[] b, Func<double, double, double> f) => a.Select((v, i) => f(v, b[i])).ToArray();

    /// <summary>The logistic sigmoid.</summary>
    public static double Sigmoid(double v) => 1.0 / (1.0 + Math.Exp(-v));

    /// <summary>
    /// Compares the tape's gradients of <c>Σ layer(x)·R</c> with respect to every trainable weight with central
    /// differences obtained by perturbing the layer's variables in place (float32 forward, double accumulation).
    /// </summary>
    public static void CheckWeightGradients(Layer layer, Tensor x, double eps = 1e-2, double rtol = 1e-2, double atol = 1e-3)
    {
        var probe = layer.Apply(x);
        var r = Values(probe.Size, 99, 1.0);
        var weights = layer.TrainableWeights;
        Tensor[] analytic;
        using (var tape = GradientTape.Record())
        {
            var loss = Ops.Sum(Ops.Multiply(layer.Apply(x), Tensor.FromArray(r, probe.Shape.ToArray())));
            analytic = tape.Gradient(loss, weights);
        }
        for (int w = 0; w < weights.Count; w++)
        {
            var v = weights[w];
            var baseValues = v.Value.ToArray();
            var a = analytic[w].ToArray();
            for (int j = 0; j < baseValues.Length; j++)
            {
                var shifted = (float[])baseValues.Clone();
                shifted[j] = (float)(baseValues[j] + eps);
                double plus = Evaluate(layer, x, v, shifted, r);
                shifted[j] = (float)(baseValues[j] - eps);
                double minus = Evaluate(layer, x, v, shifted, r);
                v.Assign((ReadOnlySpan<float>)baseValues);
                double numeric = (plus - minus) / ((double)(float)(baseValues[j] + eps) - (float)(baseValues[j] - eps));
                Assert.That(TensorAssert.IsClose(a[j], numeric, rtol, atol), Is.True,
                    $"Gradient of {v.Path} {v.Shape} at flat index {j}: analytic {a[j]:R}, numeric {numeric:R}.");
            }
        }
    }

    /// <summary>
    /// Asserts that <c>ApplyMany</c> of a layer with <c>returnState</c> gives <see cref="Run(Tensor, int, bool, Cell)"/>'s
    /// output and final states (h, then c for an LSTM).
    /// </summary>
    public static void CheckReturnedStates(RecurrentLayer layer, Cell cell, Tensor x)
    {
        var expected = Run(x, layer.Units, layer.GoBackwards, cell, null, null, out var h, out var c);
        var outputs = layer.ApplyMany(x);
        Assert.Multiple(() =>
        {
            Assert.That(outputs, Has.Count.EqualTo(1 + layer.StateCount), "the output, then each state");
            TensorAssert.AllClose(outputs[0], layer.ReturnSequences ? All(expected) : Last(expected), 1e-5, 1e-6);
            TensorAssert.AllClose(outputs[1], h, 1e-5, 1e-6);
            if (layer.StateCount == 2)
            {
                TensorAssert.AllClose(outputs[2], c, 1e-5, 1e-6);
            }
        });
    }

    /// <summary>The layer's initial states for <paramref name="x"/>: reproducible values <c>(batch, units)</c>, one per state.</summary>
    public static Tensor[] InitialStates(RecurrentLayer layer, Tensor x, int seed) =>
        [.. Enumerable.Range(0, layer.StateCount).Select(i => Tensor.FromArray(Values(x.Shape[0] * layer.Units, seed + i), x.Shape[0], layer.Units))];

    /// <summary>Asserts that <c>Apply(x, initialState)</c> follows the reference from the same states, and differs from zero states.</summary>
    public static void CheckInitialState(RecurrentLayer layer, Cell cell, Tensor x)
    {
        var states = InitialStates(layer, x, 14);
        var expected = Run(x, layer.Units, layer.GoBackwards, cell, states[0].ToArray(), states.Length > 1 ? states[1].ToArray() : null, out _, out _);
        var y = layer.Apply(x, initialState: states);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(y, layer.ReturnSequences ? All(expected) : Last(expected), 1e-5, 1e-6);
            Assert.That(y.ToArray(), Is.Not.EqualTo(layer.Apply(x).ToArray()), "zero states give another output");
        });
    }

    /// <summary>Checks the gradients of <c>Apply(x, initialState)</c> with respect to the input and every initial state.</summary>
    public static void CheckInitialStateGradients(RecurrentLayer layer, Tensor x) =>
        GradientChecker.Check(xs => layer.Apply(xs[0], initialState: xs[1..]), [x, .. InitialStates(layer, x, 17)]);

    private static double Evaluate(Layer layer, Tensor x, Variable v, float[] values, float[] r)
    {
        v.Assign((ReadOnlySpan<float>)values);
        var y = layer.Apply(x).Span;
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += (double)y[i] * r[i];
        }
        return sum;
    }
}
