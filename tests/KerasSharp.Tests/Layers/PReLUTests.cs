using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class PReLUTests
{
    [Test]
    public void Harness_HasOneTrainableAlpha() =>
        LayerTestHarness.Run(() => new PReLU(alphaInitializer: new Constant(0.5f)), new Shape(3, 5), new Shape(3, 5), 1, 0,
            "alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes");

    [Test]
    public void Build_AlphaHasTheInputShapeWithoutBatch_AndKerasName()
    {
        var layer = new PReLU(name: "p");
        layer.Apply(Tensor.Zeros(new Shape(2, 3, 4)));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Alpha.Shape, Is.EqualTo(new Shape(3, 4)));
            Assert.That(layer.Alpha.Name, Does.EndWith("alpha"));
            Assert.That(layer.Alpha.Path, Is.EqualTo("p/alpha"));
            Assert.That(layer.Alpha.Value.ToArray(), Is.All.Zero, "Keras' default initializer is zeros");
        });
    }

    [Test]
    public void Build_SharedAxes_AlphaHasSizeOneThere()
    {
        var layer = new PReLU(sharedAxes: [1, 2]);
        layer.Apply(Tensor.Zeros(new Shape(2, 5, 6, 3)));
        Assert.That(layer.Alpha.Shape, Is.EqualTo(new Shape(1, 1, 3)));
    }

    [Test]
    public void Call_Slopes_MatchFormula()
    {
        var layer = new PReLU(sharedAxes: [1]);
        var x = Tensor.FromArray([-2f, -1f, 0f, 3f, 4f, -5f], 1, 2, 3);
        layer.Apply(x);
        layer.Alpha.Assign([0.1f, -0.5f, 2f]);
        TensorAssert.AllClose(layer.Apply(x), [-0.2f, 0.5f, 0f, 3f, 4f, -10f], 1e-6, 0);
    }

    [Test]
    public void Gradient_InputsAndAlpha_MatchFiniteDifferences()
    {
        var layer = new PReLU(sharedAxes: [2]);
        var x = Tensor.FromArray([-2.2f, -0.7f, -0.1f, 0.2f, 0.8f, 1.9f, -1.3f, 0.4f, -0.6f, 2.1f, -3f, 0.9f], 2, 3, 2);
        layer.Apply(x);
        layer.Alpha.Assign([0.2f, -0.4f, 0.7f]);
        GradientChecker.Check(xs => Ops.PRelu(xs[0], xs[1]), [x, layer.Alpha.Value]);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }

    [Test]
    public void Gradient_AtZero_IsZeroForBoth_AsKeras()
    {
        var layer = new PReLU(alphaInitializer: new Constant(0.5f));
        var x = Tensor.FromArray([0f, -1f], 1, 2);
        layer.Apply(x);
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(layer.Apply(x));
        var grads = tape.Gradient(loss, [x]);
        Assert.That(grads[0].ToArray(), Is.EqualTo(new[] { 0f, 0.5f }));
    }

    [Test]
    public void Summary_CountsAlphaAsParams()
    {
        var model = new Sequential([new Input(shape: [5, 4]), new PReLU(sharedAxes: [1])]);
        Assert.Multiple(() =>
        {
            Assert.That(model.CountParams(), Is.EqualTo(4));
            var text = new StringWriter();
            model.Summary(output: text);
            Assert.That(text.ToString(), Does.Contain("PReLU").And.Contain("Trainable params: 4"));
        });
    }

    [Test]
    public void Config_RoundTripsInitializerAndSharedAxes()
    {
        var layer = new PReLU(alphaInitializer: new Constant(0.25f), alphaRegularizer: new KerasSharp.Regularizers.L2(0.01f), sharedAxes: [1, 2]);
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (PReLU)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(json["config"]!["shared_axes"]!.ToJsonString(), Is.EqualTo("[1,2]"));
            Assert.That(json["config"]!["alpha_constraint"], Is.Null);
            Assert.That(copy.SharedAxes, Is.EqualTo(new[] { 1, 2 }));
            Assert.That(copy.AlphaRegularizer, Is.Not.Null);
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
        });
    }

    [Test]
    public void FromConfig_SingleSharedAxis_IsAList() =>
        Assert.That(PReLU.FromConfig(new JsonObject { ["shared_axes"] = 1 }).SharedAxes, Is.EqualTo(new[] { 1 }));

    [Test]
    public void FromConfig_Constraint_IsRejected()
    {
        var config = new JsonObject { ["alpha_constraint"] = new JsonObject { ["class_name"] = "NonNeg", ["config"] = new JsonObject() } };
        var ex = Assert.Throws<ArgumentException>(() => PReLU.FromConfig(config));
        Assert.That(ex!.Message, Does.Contain("alpha_constraint").And.Contain("NonNeg"));
    }

    [Test]
    public void Constructor_SharedAxisZero_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new PReLU(sharedAxes: [0]));
        Assert.That(ex!.Message, Does.Contain("shared_axes").And.Contain("[0]"));
    }

    [Test]
    public void Build_UnknownUnsharedSize_ThrowsNamingTheAxis()
    {
        var inputs = Keras.Input(shape: [-1, 3]);
        var ex = Assert.Throws<ArgumentException>(() => new PReLU(name: "pp").Apply(inputs));
        Assert.That(ex!.Message, Does.Contain("\"pp\"").And.Contain("axis 1"));
    }

    [Test]
    public void Name_Default_IsPReLu()
    {
        Assert.That(new PReLU().Name, Does.Match("^p_re_lu(_[0-9]+)?$"));
    }
}
