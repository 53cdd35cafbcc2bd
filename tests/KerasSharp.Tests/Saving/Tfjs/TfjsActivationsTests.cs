using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Saving.Tfjs;

/// <summary>
/// Activations and activation layers against TF.js 4.22 (<c>node/activations.mjs</c>): values at points that include
/// the kinks, and the gradient of their sum.
/// </summary>
public class TfjsActivationsTests
{
    // kinks of the cases included: 0, 0.7 (theta), 6 (relu6); 12 points, 3 rows of PReLU's 4 columns
    private static readonly float[] Points = [-6f, -3f, -1.3f, -0.5f, 0f, 0.3f, 0.7f, 1f, 2.5f, 3f, 6f, 9f];
    private static readonly float[] PreluAlpha = [0.1f, -0.2f, 0.3f, 0.5f];

    private static readonly Lazy<JsonObject> s_tfjs = new(() =>
    {
        string output = TfjsNode.RunScript("activations.mjs", string.Join(",", Points.Select(p => p.ToString("R", CultureInfo.InvariantCulture))));
        string last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return JsonNode.Parse(last)!.AsObject();
    });

    private static Func<Tensor, Tensor> Of(ActivationFunction f) => f.Call;

    private static Func<Tensor, Tensor> Of(Layer layer) => x => layer.Apply(x);

    private static Func<Tensor, Tensor> Prelu()
    {
        var layer = new PReLU();
        layer.Apply(Tensor.Zeros(new Shape(1, 4)));
        layer.Alpha.Assign(PreluAlpha);
        return x => layer.Apply(Ops.Reshape(x, new Shape(3, 4)));
    }

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var id in new[] { "relu", "relu6", "elu", "selu", "sigmoid", "tanh", "softplus", "softsign", "swish", "mish", "gelu" })
        {
            yield return new TestCaseData(id, Of(ActivationFunction.Get(id))).SetArgDisplayNames(id);
        }
        yield return new TestCaseData("gelu_new", Of(ActivationFunction.GeluApproximate)).SetArgDisplayNames("gelu_new = GeluApproximate");
        yield return new TestCaseData("ELU(alpha=1)", Of(new ELU(1.0))).SetArgDisplayNames("ELU");
        yield return new TestCaseData("LeakyReLU(alpha=0.1)", Of(new LeakyReLU(alpha: 0.1))).SetArgDisplayNames("LeakyReLU(alpha: 0.1)");
        yield return new TestCaseData("ThresholdedReLU(theta=0.7)", Of(new ThresholdedReLU(0.7))).SetArgDisplayNames("ThresholdedReLU");
        yield return new TestCaseData("PReLU(alpha=[0.1, -0.2, 0.3, 0.5])", Prelu()).SetArgDisplayNames("PReLU");
    }

    [TestCaseSource(nameof(Cases))]
    public void ValuesAndGradients_MatchTfjs(string tfjsName, Func<Tensor, Tensor> function)
    {
        var expected = s_tfjs.Value[tfjsName]!.AsObject();
        var x = Tensor.FromArray(Points);
        Tensor y, g;
        using (var tape = GradientTape.Record())
        {
            y = function(x);
            g = tape.Gradient(Ops.Sum(y), [x])[0];
        }
        var values = expected["values"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
        TensorAssert.AllClose(Ops.Reshape(y, new Shape(Points.Length)), values, rtol: 1e-5, atol: 2e-6);
        if (expected["grads"] is not JsonArray tfjsGrads)
        {
            return; // TF.js has no gradient for thresholdedReLU
        }
        var grads = tfjsGrads.Select(v => (float)v!.GetValue<double>()).ToArray();
        if (tfjsName.StartsWith("PReLU", StringComparison.Ordinal))
        {
            // at x = 0, TF.js' prelu passes alpha·g; Keras 3's relu(x) − alpha·relu(−x) (followed here) passes 0
            int zero = Array.IndexOf(Points, 0f);
            Assert.That(g.Span[zero], Is.Zero);
            grads[zero] = 0f;
        }
        TensorAssert.AllClose(g, grads, rtol: 1e-4, atol: 2e-6);
    }
}
