using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class LeakyReLUTests
{
    [Test]
    public void Harness_Default_KeepsShapeAndHasNoWeights() =>
        LayerTestHarness.Run(() => new LeakyReLU(), new Shape(3, 5), new Shape(3, 5), 0, 0, "negative_slope");

    [Test]
    public void Call_DefaultSlope_IsKerasLayerDefault03()
    {
        var y = new LeakyReLU().Apply(Tensor.FromArray([-10f, -5f, 0f, 5f, 10f]));
        TensorAssert.AllClose(y, [-3f, -1.5f, 0f, 5f, 10f], 1e-6, 0);
    }

    [Test]
    public void Call_KerasDocstringExample_Slope05()
    {
        var y = new LeakyReLU(negativeSlope: 0.5f).Apply(Tensor.FromArray([-10f, -5f, 0f, 5f, 10f]));
        TensorAssert.AllClose(y, [-5f, -2.5f, 0f, 5f, 10f], 0, 0);
    }

    [Test]
    public void Call_ZeroSlope_IsRelu()
    {
        var y = new LeakyReLU(0f).Apply(Tensor.FromArray([-2f, -0.1f, 0f, 0.1f, 2f]));
        TensorAssert.AllClose(y, [0f, 0f, 0f, 0.1f, 2f], 0, 0);
    }

    [Test]
    public void Call_Rank3_AppliesElementwise()
    {
        float[] x = [-1f, 2f, -3f, 4f, -5f, 6f, -7f, 8f];
        var y = new LeakyReLU(0.1f).Apply(Tensor.FromArray(x, 2, 2, 2));
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 2, 2)));
        TensorAssert.AllClose(y, x.Select(v => v > 0 ? v : (float)(0.1 * v)).ToArray(), 1e-6, 1e-7);
    }

    [Test]
    public void GetConfig_NegativeSlope_IsWritten()
    {
        Assert.Multiple(() =>
        {
            Assert.That((double?)new LeakyReLU().GetConfig()["negative_slope"], Is.EqualTo(0.3));
            Assert.That((double?)new LeakyReLU(0.01).GetConfig()["negative_slope"], Is.EqualTo(0.01));
            Assert.That(new LeakyReLU(0.01).NegativeSlope, Is.EqualTo(0.01));
        });
    }

    [Test]
    public void Constructor_NegativeSlope_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new LeakyReLU(-0.1f));
        Assert.That(ex!.Message, Does.Contain("The negative_slope value of a Leaky ReLU layer cannot be a negative value").And.Contain("Received: negative_slope=-0.1"));
    }

    [Test]
    public void Name_Default_IsLeakyReLu()
    {
        Keras.ClearSession();
        var first = new LeakyReLU();
        var second = new LeakyReLU();
        Assert.Multiple(() =>
        {
            Assert.That(first.Name, Is.EqualTo("leaky_re_lu"));
            Assert.That(second.Name, Is.EqualTo("leaky_re_lu_1"));
            Assert.That(first.ClassName, Is.EqualTo("LeakyReLU"));
        });
    }

    [TestCase(0.3f)]
    [TestCase(0.05f)]
    public void Gradient_MatchesFiniteDifferences(float slope)
    {
        var layer = new LeakyReLU(slope);
        var x = Tensor.FromArray([-2.2f, -0.7f, -0.1f, 0.2f, 0.8f, 1.9f], 2, 3);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }

    [Test]
    public void Constructor_DeprecatedAlpha_IsTheSlope()
    {
        var layer = new LeakyReLU(alpha: 0.1);
        var y = layer.Apply(Tensor.FromArray([-10f, 5f]));
        Assert.Multiple(() =>
        {
            Assert.That(layer.NegativeSlope, Is.EqualTo(0.1));
            TensorAssert.AllClose(y, [-1f, 5f], 1e-6, 0);
            Assert.That(layer.GetConfig().ContainsKey("alpha"), Is.False, "Keras 3 writes negative_slope only");
        });
    }

    [Test]
    public void Constructor_NegativeAlpha_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new LeakyReLU(alpha: -1));
        Assert.That(ex!.ParamName, Is.EqualTo("alpha"));
    }

    [Test]
    public void FromConfig_Keras2Alpha_IsTheSlope() =>
        Assert.That(LeakyReLU.FromConfig(new System.Text.Json.Nodes.JsonObject { ["name"] = "l", ["alpha"] = 0.25 }).NegativeSlope, Is.EqualTo(0.25));

    [Test]
    public void GetConfig_DoubleSlope_IsWrittenAsGiven() =>
        Assert.That(new LeakyReLU(0.1).GetConfig()["negative_slope"]!.ToJsonString(), Is.EqualTo("0.1"));
}
