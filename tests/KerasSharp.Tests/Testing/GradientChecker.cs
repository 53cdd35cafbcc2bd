using System.Globalization;
using KerasSharp.Engine;

namespace KerasSharp.Tests.Testing;

/// <summary>
/// Compares the tape's analytic gradients with central finite differences. The checked scalar is
/// <c>L = Σ f(inputs) · R</c> with a fixed pseudo-random weight tensor <c>R</c>, so every output element matters and
/// errors cannot cancel. <c>f</c> runs in float32; the difference quotients are accumulated in double.
/// </summary>
/// <example>
/// <code>
/// GradientChecker.Check(xs => Ops.Tanh(xs[0]), [Tensor.FromArray([0.3f, -0.7f])]);
/// </code>
/// </example>
public static class GradientChecker
{
    /// <summary>Asserts that the analytic gradient of <c>Σ f(inputs)·R</c> matches central differences for every input element.</summary>
    /// <param name="f">
    /// The function under test. It must compute everything it differentiates from its arguments (perturbed copies are
    /// passed in; a tensor or variable captured by the closure is treated as a constant) and be deterministic.
    /// </param>
    /// <param name="inputs">The point at which to differentiate (not modified).</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="rtol">Relative tolerance against the numeric gradient.</param>
    /// <param name="atol">Absolute tolerance.</param>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-2, double rtol = 1e-2, double atol = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        Assert.That(GradientTape.IsRecording, Is.False, "GradientChecker.Check must run without an active tape.");

        var probe = f(inputs);
        var weights = RandomWeights(probe.Shape);

        // analytic
        Tensor[] analytic;
        using (var tape = GradientTape.Record())
        {
            var loss = Ops.Sum(Ops.Multiply(f(inputs), weights));
            analytic = tape.Gradient(loss, inputs);
        }
        Assert.That(analytic, Has.Length.EqualTo(inputs.Length), "One gradient per input.");
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.That(analytic[i].Shape, Is.EqualTo(inputs[i].Shape), $"Gradient {i} must have the shape of input {i}.");
        }

        // numeric
        var w = weights.Span.ToArray();
        for (int i = 0; i < inputs.Length; i++)
        {
            var baseValues = inputs[i].Span.ToArray();
            var numeric = new double[baseValues.Length];
            for (int j = 0; j < baseValues.Length; j++)
            {
                float xp = (float)(baseValues[j] + eps);
                float xm = (float)(baseValues[j] - eps);
                double lp = Evaluate(f, inputs, i, baseValues, j, xp, w);
                double lm = Evaluate(f, inputs, i, baseValues, j, xm, w);
                numeric[j] = (lp - lm) / ((double)xp - xm);
            }
            var a = analytic[i].Span;
            for (int j = 0; j < numeric.Length; j++)
            {
                if (!TensorAssert.IsClose(a[j], numeric[j], rtol, atol))
                {
                    Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"Gradient mismatch for input {i} (shape {inputs[i].Shape}) at flat index {j} (x = {baseValues[j]:R}): " +
                        $"analytic {a[j]:R}, numeric {numeric[j]:R} (eps={eps}, rtol={rtol}, atol={atol}). " +
                        $"Analytic: [{string.Join(", ", a.ToArray())}]; numeric: [{string.Join(", ", numeric)}]."));
                }
            }
        }
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, int which, float[] baseValues, int index, float value, float[] weights)
    {
        var shifted = (float[])baseValues.Clone();
        shifted[index] = value;
        var args = (Tensor[])inputs.Clone();
        args[which] = Tensor.Wrap(shifted, inputs[which].Shape);
        var y = f(args).Span;
        Assert.That(y.Length, Is.EqualTo(weights.Length), "f must return the same shape for perturbed inputs.");
        double sum = 0;
        for (int k = 0; k < y.Length; k++)
        {
            sum += (double)y[k] * weights[k];
        }
        return sum;
    }

    private static Tensor RandomWeights(Shape shape)
    {
        var rng = new Rng(20240607);
        var values = new float[shape.Size];
        for (int i = 0; i < values.Length; i++)
        {
            // in ±[0.5, 1.5): never near zero, so every output element contributes
            float u = rng.Uniform(0.5f, 1.5f);
            values[i] = rng.NextUInt() % 2 == 0 ? u : -u;
        }
        return Tensor.Wrap(values, shape);
    }
}
