using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class ActivationTests
{
    [Test]
    public void Harness_Relu_KeepsShapeAndHasNoWeights() =>
        LayerTestHarness.Run(() => new Activation("relu"), new Shape(2, 3, 4), new Shape(2, 3, 4), 0, 0, "activation");

    [Test]
    public void Call_Relu_ZeroesNegatives()
    {
        var y = new Activation("relu").Apply(Tensor.FromArray([-3f, -1f, 0f, 2f, 5.5f]));
        TensorAssert.AllClose(y, [0f, 0f, 0f, 2f, 5.5f], 0, 0);
    }

    [Test]
    public void Call_Tanh_MatchesMathTanh()
    {
        float[] x = [-2f, -0.5f, 0f, 0.25f, 3f];
        var y = new Activation(ActivationFunction.Tanh).Apply(Tensor.FromArray(x, 5));
        TensorAssert.AllClose(y, x.Select(v => (float)Math.Tanh(v)).ToArray(), 1e-6, 1e-7);
    }

    [Test]
    public void Call_SoftmaxId_NormalizesLastAxis()
    {
        var y = new Activation("softmax").Apply(Tensor.FromArray(new float[,] { { 1f, 2f, 1f }, { 0f, 0f, 0f } }));
        double e = Math.E, z = 2 * e + e * e;
        TensorAssert.AllClose(y, [(float)(e / z), (float)(e * e / z), (float)(e / z), 1f / 3, 1f / 3, 1f / 3], 1e-6, 1e-7);
    }

    [Test]
    public void Function_IsTheActivationPassed()
    {
        var layer = new Activation("sigmoid");
        Assert.That(layer.Function, Is.SameAs(ActivationFunction.Sigmoid));
    }

    [Test]
    public void GetConfig_Activation_IsKerasId()
    {
        var config = new Activation("gelu").GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((string?)config["activation"], Is.EqualTo("gelu"));
            Assert.That((string?)config["dtype"], Is.EqualTo("float32"));
        });
    }

    [Test]
    public void Constructor_UnknownId_ThrowsListingValidNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new Activation("nope"));
        Assert.That(ex!.Message, Does.Contain("'nope'").And.Contain("relu").And.Contain("sigmoid"));
    }

    [Test]
    public void Constructor_NullActivation_ThrowsArgumentNullException() =>
        Assert.Throws<ArgumentNullException>(() => _ = new Activation(null!));

    [Test]
    public void Constructor_InputShape_SetsBatchInputShape()
    {
        var layer = new Activation("relu", inputShape: new Shape(4));
        Assert.Multiple(() =>
        {
            Assert.That(layer.BatchInputShape, Is.EqualTo(new Shape(-1, 4)));
            Assert.That(layer.GetConfig()["batch_input_shape"]!.ToJsonString(), Is.EqualTo("[null,4]"));
        });
    }

    [Test]
    public void Name_Default_IsKerasSnakeCaseAndUnique()
    {
        Keras.ClearSession();
        var first = new Activation("relu");
        var second = new Activation("relu");
        Assert.Multiple(() =>
        {
            Assert.That(first.Name, Is.EqualTo("activation"));
            Assert.That(second.Name, Is.EqualTo("activation_1"));
            Assert.That(first.ClassName, Is.EqualTo("Activation"));
            Assert.That(new Activation("relu", name: "act").Name, Is.EqualTo("act"));
        });
    }

    [TestCase("tanh")]
    [TestCase("sigmoid")]
    [TestCase("relu")]
    [TestCase("softmax")]
    [TestCase("gelu")]
    public void Gradient_MatchesFiniteDifferences(string id)
    {
        var layer = new Activation(id);
        // no input within eps of ReLU's kink at 0
        var x = Tensor.FromArray([-1.2f, -0.4f, 0.3f, 0.9f, 1.7f, -2.1f], 2, 3);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }
}
