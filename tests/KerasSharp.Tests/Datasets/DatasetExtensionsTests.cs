using KerasSharp.Datasets;
using KerasSharp.Engine;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class DatasetExtensionsTests
{
    private static byte[,,] AllPixelValues()
    {
        var images = new byte[2, 8, 16];
        for (int v = 0; v < 256; v++)
        {
            images[v / 128, v / 16 % 8, v % 16] = (byte)v;
        }

        return images;
    }

    [Test]
    public void ToTensor_Divisor255_MatchesKerasDivisionCastToFloat32()
    {
        Tensor x = AllPixelValues().ToTensor(divisor: 255.0);

        Assert.That(x.Shape, Is.EqualTo(new Shape(2, 8, 16)));
        ReadOnlySpan<float> values = x.Span;
        for (int v = 0; v < 256; v++)
        {
            // numpy: x / 255.0 in float64, then astype("float32").
            Assert.That(values[v], Is.EqualTo((float)(v / 255.0)), $"pixel {v}");
        }
    }

    [Test]
    public void ToTensor_DefaultDivisor_KeepsRawValues()
    {
        Tensor x = AllPixelValues().ToTensor();

        Assert.That(x[1, 7, 15], Is.EqualTo(255f));
        Assert.That(x[0, 3, 4], Is.EqualTo(52f));
    }

    [Test]
    public void ToTensor_AddChannelAxis_AppendsSizeOneAxis()
    {
        Tensor x = AllPixelValues().ToTensor(divisor: 255.0, addChannelAxis: true);

        Assert.That(x.Shape, Is.EqualTo(new Shape(2, 8, 16, 1)));
        Assert.That(x[1, 0, 3, 0], Is.EqualTo((float)(131 / 255.0)));
    }

    [TestCase(0f)]
    [TestCase(-1f)]
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void ToTensor_BadDivisor_Throws(float divisor)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new byte[1, 1, 1].ToTensor(divisor));

        Assert.That(e.ParamName, Is.EqualTo("divisor"));
    }

    [Test]
    public void ToTensor_Labels_RankOneFloat()
    {
        Tensor y = new byte[] { 9, 0, 3 }.ToTensor();

        Assert.That(y.Shape, Is.EqualTo(new Shape(3)));
        Assert.That(y.ToArray(), Is.EqualTo(new[] { 9f, 0f, 3f }));
    }

    [Test]
    public void ToInt32Array_Labels_CopiesValues()
    {
        Assert.That(new byte[] { 9, 0, 255 }.ToInt32Array(), Is.EqualTo(new[] { 9, 0, 255 }));
    }
}
