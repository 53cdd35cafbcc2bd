using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

public class DotTests
{
    /// <summary>For every sample, Σ_k x[…, k, …]·y[…, k, …] over the given axes, in double (numpy.tensordot per sample).</summary>
    private static float[] Reference(Tensor x, Tensor y, int a0, int a1)
    {
        var xs = x.Shape;
        var ys = y.Shape;
        int k = xs[a0];
        var xRest = Enumerable.Range(1, xs.Rank - 1).Where(i => i != a0).ToArray();
        var yRest = Enumerable.Range(1, ys.Rank - 1).Where(i => i != a1).ToArray();
        int nx = xRest.Aggregate(1, (p, i) => p * xs[i]);
        int ny = yRest.Aggregate(1, (p, i) => p * ys[i]);
        var result = new List<float>();
        for (int b = 0; b < xs[0]; b++)
        {
            for (int i = 0; i < nx; i++)
            {
                for (int j = 0; j < ny; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < k; p++)
                    {
                        sum += (double)x[Index(xs, b, xRest, i, a0, p)] * y[Index(ys, b, yRest, j, a1, p)];
                    }
                    result.Add((float)sum);
                }
            }
        }
        return [.. result];
    }

    private static int[] Index(Shape shape, int batch, int[] rest, int flat, int axis, int k)
    {
        var index = new int[shape.Rank];
        index[0] = batch;
        index[axis] = k;
        for (int r = rest.Length - 1; r >= 0; r--)
        {
            index[rest[r]] = flat % shape[rest[r]];
            flat /= shape[rest[r]];
        }
        return index;
    }

    [Test]
    public void Call_KerasDocstringExample()
    {
        // keras: x = np.arange(10).reshape(1, 5, 2); y = np.arange(10, 20).reshape(1, 2, 5); Dot(axes=(1, 2))([x, y])
        var x = Tensor.FromArray([.. Enumerable.Range(0, 10).Select(i => (float)i)], 1, 5, 2);
        var y = Tensor.FromArray([.. Enumerable.Range(10, 10).Select(i => (float)i)], 1, 2, 5);
        var z = new Dot(axes: (1, 2)).Apply([x, y]);
        Assert.That(z.Shape, Is.EqualTo(new Shape(1, 2, 2)));
        TensorAssert.AllClose(z, [260f, 360f, 320f, 445f], 0, 0);
    }

    [Test]
    public void Call_Rank2_GivesOneDotProductPerSample()
    {
        var z = new Dot(axes: 1).Apply([Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }), Tensor.FromArray(new float[,] { { 5, 6 }, { -1, 1 } })]);
        Assert.That(z.Shape, Is.EqualTo(new Shape(2, 1)));
        TensorAssert.AllClose(z, [17f, 1f], 0, 0);
    }

    [Test]
    public void Call_Normalize_GivesTheCosineSimilarity()
    {
        var z = new Dot(axes: -1, normalize: true).Apply([Tensor.FromArray(new float[,] { { 3, 4 }, { 1, 0 } }), Tensor.FromArray(new float[,] { { 6, 8 }, { 0, 2 } })]);
        TensorAssert.AllClose(z, [1f, 0f], 1e-6, 1e-7);
    }

    // axes that a reshape handles, that the product's transpose flags handle, and that need the dot axis moved
    [TestCase(new[] { 2, 4, 5 }, new[] { 2, 4, 5 }, -1, -1, TestName = "Call_Rank3_LastAxes_(2,4,5)x(2,4,5)")]
    [TestCase(new[] { 2, 3, 5 }, new[] { 2, 4, 3 }, 1, 2, TestName = "Call_Rank3_Axes1And2")]
    [TestCase(new[] { 2, 3, 4 }, new[] { 2, 4, 5 }, 2, 1, TestName = "Call_Rank3_Axes2And1_AMatrixProduct")]
    [TestCase(new[] { 2, 3 }, new[] { 2, 3, 4 }, 1, 1, TestName = "Call_Rank2And3")]
    [TestCase(new[] { 1, 3, 2 }, new[] { 1, 1, 2, 3 }, -2, -1, TestName = "Call_KerasHigherDimCase")]
    [TestCase(new[] { 2, 3, 4, 5 }, new[] { 2, 6, 4, 2 }, 2, 2, TestName = "Call_Rank4_MiddleAxes_MovesThem")]
    public void Call_Axes_MatchTensordotPerSample(int[] xShape, int[] yShape, int first, int second)
    {
        var x = Random(1, xShape);
        var y = Random(2, yShape);
        var z = new Dot((first, second)).Apply([x, y]);
        int a0 = first < 0 ? first + xShape.Length : first, a1 = second < 0 ? second + yShape.Length : second;
        var expectedShape = xShape.Where((_, i) => i != a0).Concat(yShape.Where((_, i) => i != 0 && i != a1)).ToList();
        if (expectedShape.Count == 1)
        {
            expectedShape.Add(1);
        }
        Assert.That(z.Shape, Is.EqualTo(new Shape([.. expectedShape])));
        TensorAssert.AllClose(z, Reference(x, y, a0, a1), 1e-5, 1e-6);
    }

    [Test]
    public void Apply_Symbolic_KerasHigherDimCase_InfersTheShape()
    {
        // keras merging_test.test_dot_higher_dim
        var a = Keras.Input(shape: [3, 2], batchSize: 1);
        var b = Keras.Input(shape: [1, 2, 3], batchSize: 1);
        Assert.That(new Dot((-2, -1)).Apply([a, b]).Shape, Is.EqualTo(new Shape(1, 2, 1, 2)));
    }

    [Test]
    public void Gradient_ThroughTheLayer_MatchesCentralDifferences()
    {
        Assert.Multiple(() =>
        {
            GradientChecker.Check(xs => new Dot(1).Apply(xs), [Random(1, 2, 4), Random(2, 2, 4)]);
            GradientChecker.Check(xs => new Dot((1, 2)).Apply(xs), [Random(3, 2, 3, 2), Random(4, 2, 2, 3)]);
            GradientChecker.Check(xs => new Dot((2, 2)).Apply(xs), [Random(5, 2, 2, 3, 2), Random(6, 2, 2, 3, 2)]);
            GradientChecker.Check(xs => new Dot(-1, normalize: true).Apply(xs), [Random(7, 2, 3, 4), Random(8, 2, 5, 4)]);
        });
    }

    [Test]
    public void Apply_BadInputs_ThrowKerasMessages()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ErrorOf(() => new Dot(1).Apply([Keras.Input(shape: [3]), Keras.Input(shape: [4])])),
                Does.EndWith("Incompatible input shapes: axis values 3 (at axis 1) != 4 (at axis 1). Full input shapes: (None, 3), (None, 4)"));
            Assert.That(ErrorOf(() => new Dot(1).Apply([Keras.Input(shape: [3]), Keras.Input(shape: [3]), Keras.Input(shape: [3])])),
                Does.EndWith("A `Dot` layer should be called on a list of 2 inputs. Received: input_shape=[(None, 3), (None, 3), (None, 3)]"));
            Assert.That(ErrorOf(() => new Dot(0).Apply([Keras.Input(shape: [3]), Keras.Input(shape: [3])])),
                Does.Contain("Cannot perform batch_dot over axis 0."));
            Assert.That(ErrorOf(() => new Dot(-1).Apply([Tensor.FromArray([1f, 2f]), Tensor.FromArray([1f, 2f])])),
                Does.Contain("Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes (None,) and (None,)."));
            Assert.That(ErrorOf(() => new Dot(1).Apply([Keras.Input(shape: [3], batchSize: 2), Keras.Input(shape: [3], batchSize: 3)])),
                Does.Contain("Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes (2, 3) and (3, 3)."));
            Assert.That(ErrorOf(() => new Dot(3).Apply([Keras.Input(shape: [3]), Keras.Input(shape: [3])])),
                Does.Contain("Invalid axes=(3, 3) for inputs with shapes (None, 3) and (None, 3)"));
            Assert.That(ErrorOf(() => new Dot([1, 2, 3])),
                Does.StartWith("Invalid format for argument `axes`: it should contain two elements. Received: axes=[1, 2, 3]"));
        });
    }

    [Test]
    public void Apply_UnknownSizeOnADotAxis_IsAccepted() =>
        Assert.That(new Dot(1).Apply([Keras.Input(shape: [-1, 4]), Keras.Input(shape: [5, 3])]).Shape, Is.EqualTo(new Shape(-1, 4, 3)));

    [Test]
    public void Config_WritesAxesAsGiven_AndRoundTrips()
    {
        var single = new Dot(-1, normalize: true, name: "cosine");
        var pair = new Dot([1, 2]);
        Assert.Multiple(() =>
        {
            Assert.That(single.GetConfig()["axes"]!.ToJsonString(), Is.EqualTo("-1"));
            Assert.That((bool)single.GetConfig()["normalize"]!, Is.True);
            Assert.That(pair.GetConfig()["axes"]!.ToJsonString(), Is.EqualTo("[1,2]"));
            Assert.That((RoundTrip(single).Axes, RoundTrip(single).Normalize), Is.EqualTo(((-1, -1), true)));
            Assert.That(RoundTrip(pair).Axes, Is.EqualTo((1, 2)));
        });
    }

    [Test]
    public void FromConfig_KerasJson_ReadsAxesAndNormalize()
    {
        var json = """{"module": "keras.layers", "class_name": "Dot", "config": {"name": "dot", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "axes": [2, 1], "normalize": false}, "registered_name": null}""";
        var layer = (Dot)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json)!);
        Assert.Multiple(() =>
        {
            Assert.That(layer.Axes, Is.EqualTo((2, 1)));
            Assert.That(layer.Normalize, Is.False);
            Assert.That(() => Dot.FromConfig(new JsonObject { ["name"] = "d" }), Throws.ArgumentException.With.Message.Contains("\"axes\""));
        });
    }
}
