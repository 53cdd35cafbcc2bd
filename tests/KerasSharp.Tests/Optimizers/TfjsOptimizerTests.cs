using System.Text.Json.Nodes;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Saving.Tfjs;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

/// <summary>The optimizers TF.js 4.22 also has, run by <c>Saving/Tfjs/node/optimizers.mjs</c> on the same weights and gradients.</summary>
public class TfjsOptimizerTests
{
    private static double[] Tfjs(string optimizer, JsonArray args, int steps)
    {
        var spec = new JsonObject
        {
            ["optimizer"] = optimizer,
            ["args"] = args,
            ["weights"] = new JsonArray([.. InitialWeights().Select(v => (JsonNode)(double)v)]),
            ["gradients"] = new JsonArray([.. Enumerable.Range(0, steps).Select(t => (JsonNode)new JsonArray([.. Gradient(t).Select(v => (JsonNode)(double)v)]))]),
        };
        string output = TfjsNode.RunScript("optimizers.mjs", spec.ToJsonString());
        return [.. JsonNode.Parse(output)!.AsArray().Select(v => v!.GetValue<double>())];
    }

    [Test]
    public void Adamax_MatchesTfjs()
    {
        // tf.train.adamax(learningRate, beta1, beta2, epsilon, decay): the same rule as Keras' with decay 0
        var tfjs = Tfjs("adamax", [0.02, 0.8, 0.95, 1e-7, 0], 6);
        AssertClose(Run(new Adamax(learningRate: 0.02, beta1: 0.8, beta2: 0.95), 6), tfjs, rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void Adadelta_TfjsDividesByThePreviousAccumulator()
    {
        var tfjs = Tfjs("adadelta", [1.0, 0.9, 1e-6], 5);
        // TF.js' variant of the rule: the update uses the accumulated gradient from before this step
        var (w, grads) = OptimizerTestData.Reference(5);
        var a = new double[w.Length];
        var d = new double[w.Length];
        for (int t = 0; t < 5; t++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                double g = grads[t][i];
                double delta = Math.Sqrt(d[i] + 1e-6) / Math.Sqrt(a[i] + 1e-6) * g;
                a[i] = 0.9 * a[i] + 0.1 * g * g;
                d[i] = 0.9 * d[i] + 0.1 * delta * delta;
                w[i] -= delta;
            }
        }
        AssertClose([.. tfjs.Select(v => (float)v)], w, rtol: 1e-4, atol: 1e-5);
        // KerasSharp follows Keras, which divides by the updated accumulator
        var ours = Run(new Adadelta(learningRate: 1.0, rho: 0.9, epsilon: 1e-6), 5);
        Assert.That(ours.Zip(tfjs).Max(p => Math.Abs(p.First - p.Second)), Is.GreaterThan(1e-2));
        AssertClose(ours, AdadeltaTests.Reference(5, 1.0, 0.9, 1e-6));
    }
}
