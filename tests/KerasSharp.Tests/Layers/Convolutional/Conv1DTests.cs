using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class Conv1DTests
{
    /// <summary>y[b, t, f] = bias[f] + Σ_{j, c} x[b, t·s − pad + j·d, c]·w[j, c, f] in double (out-of-range steps read 0).</summary>
    private static double[] Reference(Tensor x, Tensor w, Tensor bias, int s, int d, string padding, out int steps)
    {
        int n = x.Shape[0], len = x.Shape[1], c = x.Shape[2], k = w.Shape[0], f = w.Shape[2];
        int dk = (k - 1) * d + 1;
        int pad;
        if (padding == "valid")
        {
            steps = (len - dk) / s + 1;
            pad = 0;
        }
        else
        {
            steps = (len + s - 1) / s;
            pad = padding == "causal" ? dk - 1 : Math.Max((steps - 1) * s + dk - len, 0) / 2;
        }
        var y = new double[n * steps * f];
        for (int b = 0; b < n; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int o = 0; o < f; o++)
                {
                    double sum = bias.Span[o];
                    for (int j = 0; j < k; j++)
                    {
                        int i = t * s - pad + j * d;
                        for (int ch = 0; ch < c && i >= 0 && i < len; ch++)
                        {
                            sum += (double)x[b, i, ch] * w[j, ch, o];
                        }
                    }
                    y[(b * steps + t) * f + o] = sum;
                }
            }
        }
        return y;
    }

    [Test]
    public void Harness_Valid_HasKernelAndBias() =>
        LayerTestHarness.Run(() => new Conv1D(4, 3), new Shape(2, 9, 2), new Shape(2, 7, 4), 2, 0,
            "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation", "use_bias", "kernel_initializer", "bias_initializer");

    [Test]
    public void Harness_CausalDilated_KeepsLength() =>
        LayerTestHarness.Run(() => new Conv1D(3, 3, padding: "causal", dilationRate: 2), new Shape(2, 10, 2), new Shape(2, 10, 3), 2, 0, "padding");

    [TestCase("valid", 1, 1)]
    [TestCase("valid", 2, 1)]
    [TestCase("same", 1, 1)]
    [TestCase("same", 3, 1)]
    [TestCase("causal", 1, 2)]
    [TestCase("causal", 2, 1)]
    [TestCase("same", 1, 3)]
    public void Call_KnownWeights_MatchesDirectLoops(string padding, int stride, int dilation)
    {
        var layer = new Conv1D(3, 3, strides: stride, padding: padding, dilationRate: dilation);
        var x = LayerTestHarness.RandomInput(new Shape(2, 11, 2), seed: 1);
        var kernel = LayerTestHarness.RandomInput(new Shape(3, 2, 3), seed: 2);
        var bias = LayerTestHarness.RandomInput(new Shape(3), seed: 3);
        layer.EnsureBuilt(new Shape(-1, 11, 2));
        layer.SetWeights([kernel, bias]);
        var expected = Reference(x, kernel, bias, stride, dilation, padding, out int steps);
        var y = layer.Apply(x);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, steps, 3)));
        TensorAssert.AllClose(y, expected.Select(v => (float)v).ToArray(), 1e-4, 1e-5);
    }

    [TestCase("causal", 1, 2)]
    [TestCase("same", 2, 1)]
    public void Gradients_InputKernelAndBias_MatchCentralDifferences(string padding, int stride, int dilation)
    {
        var layer = new Conv1D(2, 3, strides: stride, padding: padding, dilationRate: dilation, activation: "tanh");
        layer.EnsureBuilt(new Shape(-1, 8, 2));
        layer.SetWeights([LayerTestHarness.RandomInput(new Shape(3, 2, 2), seed: 4), LayerTestHarness.RandomInput(new Shape(2), seed: 5)]);
        LayerGradientCheck.Run(layer, LayerTestHarness.RandomInput(new Shape(2, 8, 2), seed: 6));
    }

    [Test]
    public void Build_KernelAndBias_HaveKerasShapesAndPaths()
    {
        var layer = new Conv1D(5, 4, name: "c1");
        layer.EnsureBuilt(new Shape(-1, 20, 3));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Kernel.Shape, Is.EqualTo(new Shape(4, 3, 5)));
            Assert.That(layer.Bias!.Shape, Is.EqualTo(new Shape(5)));
            Assert.That(layer.Kernel.Path, Is.EqualTo("c1/kernel"));
            Assert.That(layer.Bias.Path, Is.EqualTo("c1/bias"));
            Assert.That(new Conv1D(1, 1).Name, Does.StartWith("conv1d"));
        });
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new Conv1D(8, 3);
        Assert.Multiple(() =>
        {
            Assert.That((layer.Strides, layer.DilationRate, layer.Padding, layer.UseBias), Is.EqualTo((1, 1, "valid", true)));
            Assert.That(layer.Activation.Name, Is.EqualTo("linear"));
            Assert.That(layer.KernelInitializer, Is.TypeOf<GlorotUniform>());
            Assert.That(layer.BiasInitializer, Is.TypeOf<Zeros>());
        });
    }

    [Test]
    public void Constructor_BadArguments_ThrowKerasMessages()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new Conv1D(0, 3), Throws.ArgumentException.With.Message.Contains("Invalid value for argument `filters`. Expected a strictly positive value. Received filters=0."));
            Assert.That(() => new Conv1D(2, 0), Throws.ArgumentException.With.Message.Contains("The `kernel_size` argument must be a tuple of 1 integers. Received kernel_size=(0,)"));
            Assert.That(() => new Conv1D(2, 3, padding: "full"), Throws.ArgumentException.With.Message.Contains("{'valid', 'same', 'causal'}. Received: full"));
            Assert.That(() => new Conv1D(2, 3, strides: 2, dilationRate: 2), Throws.ArgumentException.With.Message.Contains("`strides > 1` not supported in conjunction with `dilation_rate > 1`"));
        });
    }

    [Test]
    public void Apply_KernelLongerThanInput_ThrowsMessageNamingLayer()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Conv1D(2, 5, dilationRate: 2, name: "c1_short").Apply(Tensor.Zeros(new Shape(1, 8, 1))));
        Assert.That(ex!.Message, Does.Contain("Layer \"c1_short\" (Conv1D)").And.Contain("`inputs shape=(None, 8, 1)`").And.Contain("`kernel shape=(5, 1, 2)`"));
    }

    [Test]
    public void Config_RoundTripsThroughTheRegistry()
    {
        var layer = new Conv1D(4, 5, strides: 1, padding: "causal", dilationRate: 3, activation: "relu", name: "c1d");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (Conv1D)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That(json["config"]!["kernel_size"]!.ToJsonString(), Is.EqualTo("[5]"));
            Assert.That(copy.DilationRate, Is.EqualTo(3));
        });
    }

    [Test]
    public void ComputeOutputShape_HugeStrideSamePadding_IsOneStepWithoutOverflow()
    {
        var layer = new Conv1D(2, 3, strides: int.MaxValue, padding: "same");
        Assert.That(layer.ComputeOutputShape(new Shape(-1, 10, 1)), Is.EqualTo(new Shape(-1, 1, 2)));
    }

    [Test]
    public void ComputeOutputShape_HugeDilationValid_SaysTheWindowDoesNotFit()
    {
        var layer = new Conv1D(2, 5, dilationRate: 2_000_000_000, name: "conv_dilated");
        var ex = Assert.Throws<ArgumentException>(() => layer.ComputeOutputShape(new Shape(-1, 10, 1)));
        Assert.That(ex!.Message, Does.StartWith("Layer \"conv_dilated\" (Conv1D): computed output size would be zero or negative"));
    }

    [Test]
    public void Build_HugeDilationSamePadding_NamesTheLayerAndPadding()
    {
        var layer = new Conv1D(2, 5, padding: "same", dilationRate: 2_000_000_000, name: "conv_padded");
        var ex = Assert.Throws<ArgumentException>(() => layer.EnsureBuilt(new Shape(-1, 10, 1)));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("Layer \"conv_padded\" cannot pad an axis of size 10 for a kernel of size 5 with dilation 2000000000: the padding of 4000000000"));
            Assert.That(layer.Built, Is.False);
            Assert.That(layer.Weights, Is.Empty);
        });
    }
}
