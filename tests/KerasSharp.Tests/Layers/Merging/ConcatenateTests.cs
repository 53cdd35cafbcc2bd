using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

public class ConcatenateTests
{
    [Test]
    public void Call_KerasDocstringExample_JoinsAlongAxis1()
    {
        // keras: x = np.arange(20).reshape(2, 2, 5); y = np.arange(20, 30).reshape(2, 1, 5); Concatenate(axis=1)([x, y])
        var x = Tensor.FromArray([.. Enumerable.Range(0, 20).Select(i => (float)i)], 2, 2, 5);
        var y = Tensor.FromArray([.. Enumerable.Range(20, 10).Select(i => (float)i)], 2, 1, 5);
        var z = new Concatenate(axis: 1).Apply([x, y]);
        Assert.That(z.Shape, Is.EqualTo(new Shape(2, 3, 5)));
        TensorAssert.AllClose(z, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 21, 22, 23, 24, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 25, 26, 27, 28, 29], 0, 0);
    }

    [Test]
    public void Call_DefaultLastAxis_JoinsFeatures() =>
        TensorAssert.AllClose(new Concatenate().Apply([Tensor.FromArray(new float[,] { { 1 }, { 2 } }), Tensor.FromArray(new float[,] { { 3, 4 }, { 5, 6 } })]),
            [1f, 3f, 4f, 2f, 5f, 6f], 0, 0);

    [Test]
    public void Gradient_ThroughTheLayer_MatchesCentralDifferences()
    {
        GradientChecker.Check(xs => new Concatenate().Apply(xs), [Random(1, 2, 3, 2), Random(2, 2, 3, 1), Random(3, 2, 3, 3)]);
        GradientChecker.Check(xs => new Concatenate(axis: 1).Apply(xs), [Random(4, 2, 1, 3), Random(5, 2, 2, 3)]);
    }

    [Test]
    public void ComputeOutputShapes_AddsTheAxisSizes_NoneWhenOneIsNone()
    {
        var layer = new Concatenate(axis: 1);
        Assert.Multiple(() =>
        {
            Assert.That(layer.ComputeOutputShapes([new Shape(-1, 2, 5), new Shape(-1, 3, 5)])[0], Is.EqualTo(new Shape(-1, 5, 5)));
            Assert.That(layer.ComputeOutputShapes([new Shape(-1, -1, 5), new Shape(-1, 3, 5)])[0], Is.EqualTo(new Shape(-1, -1, 5)));
            // None on another axis matches any size
            Assert.That(layer.ComputeOutputShapes([new Shape(-1, 2, -1), new Shape(-1, 3, 5)])[0], Is.EqualTo(new Shape(-1, 5, -1)));
        });
    }

    [Test]
    public void Apply_MismatchedOtherAxis_ThrowsKerasMessage()
    {
        var message = ErrorOf(() => new Concatenate(name: "join").Apply([Keras.Input(shape: [3, 2]), Keras.Input(shape: [4, 5])]));
        Assert.That(message, Is.EqualTo("Layer \"join\": A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. " +
            "Received: input_shape=[(None, 3, 2), (None, 4, 5)]"));
    }

    [Test]
    public void Apply_KerasErrorCases_MatchKeras()
    {
        // keras merging_test.test_concatenate_errors
        Assert.Multiple(() =>
        {
            Assert.That(new Concatenate().Apply([Tensor.Ones(new Shape(1, 1, 1, 1, 5)), Tensor.Ones(new Shape(1, 1, 1, 1, 4))]).Shape, Is.EqualTo(new Shape(1, 1, 1, 1, 9)));
            Assert.That(ErrorOf(() => new Concatenate().Apply([Tensor.Ones(new Shape(1, 2, 1, 1, 5)), Tensor.Ones(new Shape(1, 1, 1, 1, 4))])),
                Does.Contain("requires inputs with matching shapes except for the concatenation axis"));
            Assert.That(ErrorOf(() => new Concatenate(axis: 1).Apply([Tensor.Ones(new Shape(1, 2, 1, 2, 1)), Tensor.Ones(new Shape(1, 1, 1, 3, 1))])),
                Does.Contain("requires inputs with matching shapes except for the concatenation axis"));
        });
    }

    [Test]
    public void Apply_DifferentRanks_Throws() =>
        Assert.That(ErrorOf(() => new Concatenate().Apply([Keras.Input(shape: [3]), Keras.Input(shape: [2, 3])])),
            Does.Contain("requires inputs with matching shapes").And.Contain("[(None, 3), (None, 2, 3)]"));

    [Test]
    public void Apply_AxisOutOfRange_ThrowsNamingIt() =>
        Assert.That(ErrorOf(() => new Concatenate(axis: 3).Apply([Keras.Input(shape: [3]), Keras.Input(shape: [3])])),
            Does.Contain("axis=3 cannot join inputs of rank 2"));

    [Test]
    public void Apply_NoInputs_ThrowsKerasMessage() =>
        Assert.That(ErrorOf(() => new Concatenate().Apply(Array.Empty<KerasTensor>())),
            Does.EndWith("A `Concatenate` layer should be called on a list of at least 1 input. Received: input_shape=[]"));

    [Test]
    public void Config_HasTheAxis_AndRoundTrips()
    {
        var layer = new Concatenate(axis: 1, name: "join");
        Assert.Multiple(() =>
        {
            Assert.That((int)layer.GetConfig()["axis"]!, Is.EqualTo(1));
            Assert.That(RoundTrip(layer).Axis, Is.EqualTo(1));
        });
    }

    [Test]
    public void FromConfig_KerasJson_ReadsTheAxis()
    {
        var json = """{"module": "keras.layers", "class_name": "Concatenate", "config": {"name": "concatenate", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "axis": -2}, "registered_name": null}""";
        var layer = (Concatenate)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json)!);
        Assert.That((layer.Name, layer.Axis), Is.EqualTo(("concatenate", -2)));
    }
}
