using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class SoftmaxTests
{
    /// <summary>Softmax of a row-major tensor along one axis, in double.</summary>
    private static float[] Reference(float[] x, int[] shape, int axis)
    {
        int n = shape[axis], inner = 1, outer = 1;
        for (int i = axis + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }
        for (int i = 0; i < axis; i++)
        {
            outer *= shape[i];
        }
        var y = new float[x.Length];
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < inner; j++)
            {
                double max = double.NegativeInfinity, sum = 0;
                for (int k = 0; k < n; k++)
                {
                    max = Math.Max(max, x[(o * n + k) * inner + j]);
                }
                for (int k = 0; k < n; k++)
                {
                    sum += Math.Exp(x[(o * n + k) * inner + j] - max);
                }
                for (int k = 0; k < n; k++)
                {
                    y[(o * n + k) * inner + j] = (float)(Math.Exp(x[(o * n + k) * inner + j] - max) / sum);
                }
            }
        }
        return y;
    }

    [Test]
    public void Harness_Default_KeepsShapeAndHasNoWeights() =>
        LayerTestHarness.Run(() => new Softmax(), new Shape(2, 3, 4), new Shape(2, 3, 4), 0, 0, "axis");

    [Test]
    public void Call_KerasDocstringExample_MatchesDocumentedResult()
    {
        var y = new Softmax().Apply(Tensor.FromArray([1f, 2f, 1f]));
        TensorAssert.AllClose(y, [0.21194157f, 0.5761169f, 0.21194157f], 1e-6, 1e-7);
    }

    [TestCase(-1)]
    [TestCase(2)]
    [TestCase(1)]
    [TestCase(-2)]
    [TestCase(0)]
    [TestCase(-3)]
    public void Call_Axis_NormalizesAlongThatAxis(int axis)
    {
        int[] shape = [2, 3, 4];
        var x = LayerTestHarness.RandomInput(new Shape(shape), seed: 99).ToArray().Select(v => 3f * v).ToArray();
        var y = new Softmax(axis).Apply(Tensor.FromArray(x, shape));
        TensorAssert.AllClose(y, Reference(x, shape, axis < 0 ? axis + 3 : axis), 1e-5, 1e-7);
    }

    [Test]
    public void Call_Axis0OnMatrix_ColumnsSumToOne()
    {
        var y = new Softmax(axis: 0).Apply(Tensor.FromArray(new float[,] { { 0f, 1f, 5f }, { 0f, 3f, -5f } }));
        double e2 = Math.Exp(2), e10 = Math.Exp(10);
        TensorAssert.AllClose(y, [0.5f, (float)(1 / (1 + e2)), (float)(e10 / (1 + e10)), 0.5f, (float)(e2 / (1 + e2)), (float)(1 / (1 + e10))], 1e-6, 1e-7);
    }

    [Test]
    public void Call_LargeLogits_IsStable()
    {
        var y = new Softmax().Apply(Tensor.FromArray([1000f, 1000f, 0f, -1000f], 1, 4));
        TensorAssert.AllClose(y, [0.5f, 0.5f, 0f, 0f], 1e-6, 1e-7);
    }

    [Test]
    public void Apply_AxisBeyondRank_ThrowsMinNDimMessage()
    {
        var layer = new Softmax(axis: 2, name: "sm");
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Zeros(new Shape(2, 3))));
        Assert.That(ex!.Message, Does.Contain("Input 0 of layer \"sm\" is incompatible with the layer: expected min_ndim=3, found ndim=2"));
    }

    [Test]
    public void GetConfig_Axis_IsWritten()
    {
        Assert.Multiple(() =>
        {
            Assert.That((int?)new Softmax().GetConfig()["axis"], Is.EqualTo(-1));
            Assert.That((int?)new Softmax(1).GetConfig()["axis"], Is.EqualTo(1));
            Assert.That(new Softmax(1).Axis, Is.EqualTo(1));
        });
    }

    [Test]
    public void Name_Default_IsSoftmax()
    {
        Keras.ClearSession();
        var first = new Softmax();
        var second = new Softmax();
        Assert.Multiple(() =>
        {
            Assert.That(first.Name, Is.EqualTo("softmax"));
            Assert.That(second.Name, Is.EqualTo("softmax_1"));
            Assert.That(first.ClassName, Is.EqualTo("Softmax"));
        });
    }

    [TestCase(-1)]
    [TestCase(0)]
    [TestCase(1)]
    public void Gradient_MatchesFiniteDifferences(int axis)
    {
        var layer = new Softmax(axis);
        var x = LayerTestHarness.RandomInput(new Shape(2, 3, 2), seed: 5);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }
}
