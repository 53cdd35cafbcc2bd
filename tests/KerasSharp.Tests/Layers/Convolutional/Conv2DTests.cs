using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class Conv2DTests
{
    private static readonly string[] ConfigKeys =
    [
        "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias",
        "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint",
    ];

    [Test]
    public void Harness_Valid3x3_HasKernelAndBias() =>
        LayerTestHarness.Run(() => new Conv2D(4, 3), new Shape(2, 6, 6, 2), new Shape(2, 4, 4, 4), 2, 0, ConfigKeys);

    [Test]
    public void Harness_SameStride2NoBias_HasKernelOnly() =>
        LayerTestHarness.Run(() => new Conv2D(3, (3, 2), strides: 2, padding: "same", useBias: false), new Shape(2, 7, 6, 2), new Shape(2, 4, 3, 3), 1, 0, ConfigKeys);

    [TestCase(28, 3, 1, 1, "valid", 26)]
    [TestCase(28, 3, 2, 1, "valid", 13)]
    [TestCase(28, 3, 2, 1, "same", 14)]
    [TestCase(7, 3, 2, 1, "same", 4)]
    [TestCase(9, 3, 1, 2, "valid", 5)]
    [TestCase(9, 3, 1, 2, "same", 9)]
    [TestCase(3, 3, 1, 1, "valid", 1)]
    public void ComputeOutputShape_FollowsKerasFormula(int n, int k, int s, int d, string padding, int expected)
    {
        var layer = new Conv2D(5, k, strides: s, padding: padding, dilationRate: d);
        Assert.That(layer.ComputeOutputShape(new Shape(-1, n, n, 3)), Is.EqualTo(new Shape(-1, expected, expected, 5)));
    }

    [Test]
    public void ComputeOutputShape_NoneSpatialDims_PassThrough() =>
        Assert.That(new Conv2D(8, 3).ComputeOutputShape(new Shape(-1, -1, 10, 3)), Is.EqualTo(new Shape(-1, -1, 8, 8)));

    [Test]
    public void Build_KernelAndBias_HaveKerasShapesNamesAndOrder()
    {
        var layer = new Conv2D(4, (3, 2), name: "c");
        layer.EnsureBuilt(new Shape(-1, 8, 8, 3));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Kernel.Shape, Is.EqualTo(new Shape(3, 2, 3, 4)));
            Assert.That(layer.Bias!.Shape, Is.EqualTo(new Shape(4)));
            Assert.That(layer.Kernel.Path, Is.EqualTo("c/kernel"));
            Assert.That(layer.Bias.Path, Is.EqualTo("c/bias"));
            Assert.That(layer.Weights, Is.EqualTo(new[] { layer.Kernel, layer.Bias }));
            Assert.That(layer.CountParams(), Is.EqualTo(3 * 2 * 3 * 4 + 4));
            Assert.That(new Conv2D(1, 1).Name, Does.StartWith("conv2d"));
        });
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new Conv2D(8, 3);
        Assert.Multiple(() =>
        {
            Assert.That(layer.KernelSize, Is.EqualTo(new IntPair(3, 3)));
            Assert.That(layer.Strides, Is.EqualTo(new IntPair(1, 1)));
            Assert.That(layer.DilationRate, Is.EqualTo(new IntPair(1, 1)));
            Assert.That(layer.Padding, Is.EqualTo("valid"));
            Assert.That(layer.DataFormat, Is.EqualTo("channels_last"));
            Assert.That(layer.Activation.Name, Is.EqualTo("linear"));
            Assert.That(layer.UseBias, Is.True);
            Assert.That(layer.KernelInitializer, Is.TypeOf<GlorotUniform>());
            Assert.That(layer.BiasInitializer, Is.TypeOf<Zeros>());
            Assert.That(layer.KernelRegularizer, Is.Null);
            Assert.That(layer.BiasRegularizer, Is.Null);
        });
    }

    [TestCase("valid", 1, 1, "linear")]
    [TestCase("same", 1, 1, "relu")]
    [TestCase("same", 2, 1, "tanh")]
    [TestCase("valid", 2, 1, "relu")]
    [TestCase("valid", 1, 2, "linear")]
    [TestCase("same", 1, 2, "relu")]
    public void Call_KnownWeights_MatchesDirectLoops(string padding, int stride, int dilation, string activation)
    {
        var layer = new Conv2D(3, (3, 2), strides: stride, padding: padding, dilationRate: dilation, activation: activation);
        var x = LayerTestHarness.RandomInput(new Shape(2, 7, 6, 2), seed: 1);
        var kernel = LayerTestHarness.RandomInput(new Shape(3, 2, 2, 3), seed: 2);
        var bias = LayerTestHarness.RandomInput(new Shape(3), seed: 3);
        layer.EnsureBuilt(new Shape(-1, 7, 6, 2));
        layer.SetWeights([kernel, bias]);
        var z = ConvReference.Conv2D(x, kernel, bias, stride, stride, dilation, dilation, padding, out var shape);
        Func<double, double> act = activation switch { "relu" => v => Math.Max(v, 0), "tanh" => Math.Tanh, _ => v => v };
        var y = layer.Apply(x);
        Assert.That(y.Shape, Is.EqualTo(shape));
        TensorAssert.AllClose(y, z.Select(act).ToArray().ToFloats(), 1e-4, 1e-5);
    }

    [TestCase("valid", 1, 1)]
    [TestCase("same", 2, 1)]
    [TestCase("same", 1, 2)]
    public void Gradients_InputKernelAndBias_MatchCentralDifferences(string padding, int stride, int dilation)
    {
        var layer = new Conv2D(2, 3, strides: stride, padding: padding, dilationRate: dilation, activation: "tanh");
        var x = LayerTestHarness.RandomInput(new Shape(2, 6, 5, 2), seed: 4);
        layer.EnsureBuilt(new Shape(-1, 6, 5, 2));
        layer.SetWeights([Ops.Multiply(LayerTestHarness.RandomInput(new Shape(3, 3, 2, 2), seed: 5), Tensor.Scalar(0.5f)), LayerTestHarness.RandomInput(new Shape(2), seed: 6)]);
        LayerGradientCheck.Run(layer, x);
    }

    [Test]
    public void Gradients_FusedRelu_MaskDeadFilterAndPassLiveFilter()
    {
        // |conv| ≤ 18·0.1 = 1.8 < 3: filter 0 (bias +3) is always active, filter 1 (bias −3) never is
        var layer = new Conv2D(2, 3, padding: "same", activation: "relu");
        layer.EnsureBuilt(new Shape(-1, 5, 5, 2));
        var kernel = Ops.Multiply(LayerTestHarness.RandomInput(new Shape(3, 3, 2, 2), seed: 7), Tensor.Scalar(0.1f));
        layer.SetWeights([kernel, Tensor.FromArray([3f, -3f])]);
        var x = LayerTestHarness.RandomInput(new Shape(1, 5, 5, 2), seed: 8);
        LayerGradientCheck.Run(layer, x);
        Tensor[] grads;
        using (var tape = GradientTape.Record())
        {
            grads = tape.Gradient(Ops.Sum(layer.Apply(x)), layer.TrainableWeights);
        }
        Assert.That(grads[1].ToArray(), Is.EqualTo(new[] { 25f, 0f }), "bias gradient: 25 live positions, none for the dead filter");
    }

    [TestCase(0)]
    [TestCase(-2)]
    public void Constructor_NonPositiveFilters_ThrowsKerasMessage(int filters)
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new Conv2D(filters, 3));
        Assert.That(ex!.Message, Does.Contain($"Invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}."));
    }

    [Test]
    public void Constructor_BadArguments_ThrowKerasMessages()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new Conv2D(4, (0, 3)), Throws.ArgumentException.With.Message.Contains(
                "The `kernel_size` argument must be a tuple of 2 integers. Received kernel_size=(0, 3), including values {0} that do not satisfy `value > 0`"));
            Assert.That(() => new Conv2D(4, 3, strides: -1), Throws.ArgumentException.With.Message.Contains("Received strides=(-1, -1)"));
            Assert.That(() => new Conv2D(4, 3, padding: "full"), Throws.ArgumentException.With.Message.Contains(
                "The `padding` argument must be a list/tuple or one of {'valid', 'same'}. Received: full"));
            Assert.That(() => new Conv2D(4, 3, padding: "causal"), Throws.ArgumentException.With.Message.Contains("{'valid', 'same'}"));
            Assert.That(() => new Conv2D(4, 3, strides: 2, dilationRate: 2), Throws.ArgumentException.With.Message.Contains(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=(2, 2) and dilation_rate=(2, 2)"));
            Assert.That(() => new Conv2D(4, new[] { 3, 3, 3 }), Throws.ArgumentException.With.Message.Contains("tuple of 2 integers"));
        });
    }

    [Test]
    public void Padding_IsCaseInsensitiveLikeKeras() => Assert.That(new Conv2D(1, 1, padding: "Same").Padding, Is.EqualTo("same"));

    [Test]
    public void Apply_KernelLargerThanInput_ThrowsMessageNamingLayerAndShapes()
    {
        var layer = new Conv2D(4, 5, name: "small_input");
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Zeros(new Shape(1, 3, 4, 2))));
        Assert.That(ex!.Message, Does.Contain("Layer \"small_input\" (Conv2D)").And.Contain("computed output size would be zero or negative")
            .And.Contain("`inputs shape=(None, 3, 4, 2)`").And.Contain("`kernel shape=(5, 5, 2, 4)`"));
    }

    [Test]
    public void Apply_WrongRankOrChannels_ThrowsInputSpecMessage()
    {
        var layer = new Conv2D(2, 3, name: "conv_spec");
        Assert.That(() => layer.Apply(Tensor.Zeros(new Shape(2, 5, 5))), Throws.ArgumentException.With.Message.Contains("expected ndim=4, found ndim=3"));
        layer.Apply(Tensor.Zeros(new Shape(1, 5, 5, 3)));
        Assert.That(() => layer.Apply(Tensor.Zeros(new Shape(1, 5, 5, 2))), Throws.ArgumentException.With.Message.Contains(
            "Input 0 of layer \"conv_spec\" is incompatible with the layer: expected axis -1 of input shape to have value 3"));
    }

    [Test]
    public void Config_RoundTripsThroughTheRegistry()
    {
        var layer = new Conv2D(6, (3, 5), strides: (1, 2), padding: "same", activation: "relu", useBias: false,
            kernelInitializer: "he_normal", kernelRegularizer: new KerasSharp.Regularizers.L2(0.01f), inputShape: new Shape(28, 28, 1), name: "c2");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (Conv2D)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That(copy.KernelSize, Is.EqualTo(new IntPair(3, 5)));
            Assert.That(copy.Strides, Is.EqualTo(new IntPair(1, 2)));
            Assert.That(json["config"]!["kernel_size"]!.ToJsonString(), Is.EqualTo("[3,5]"));
            Assert.That(json["config"]!["data_format"]!.GetValue<string>(), Is.EqualTo("channels_last"));
        });
    }

    [Test]
    public void FromConfig_KerasConfigWithIntKernelSize_Builds()
    {
        var config = JsonNode.Parse("""
            {"name": "conv2d", "trainable": true, "dtype": "float32", "filters": 32, "kernel_size": 3, "strides": [1, 1],
             "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu",
             "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
             "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
             "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}
            """)!.AsObject();
        var layer = Conv2D.FromConfig(config);
        Assert.That((layer.Filters, layer.KernelSize, layer.Activation.Name), Is.EqualTo((32, new IntPair(3, 3), "relu")));
        Assert.That(() => Conv2D.FromConfig(JsonNode.Parse("""{"filters": 2, "kernel_size": 3, "data_format": "channels_first"}""")!.AsObject()),
            Throws.ArgumentException.With.Message.Contains("channels_last"));
        Assert.That(() => Conv2D.FromConfig(JsonNode.Parse("""{"filters": 2, "kernel_size": 3, "groups": 2}""")!.AsObject()),
            Throws.ArgumentException.With.Message.Contains("groups=1"));
    }
}
