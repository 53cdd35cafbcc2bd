using KerasSharp.Layers;

namespace KerasSharp.Tests.Layers;

public class IntPairTests
{
    private static IntPair Take(IntPair value) => value;

    private static IntPair? TakeNullable(IntPair? value = null) => value;

    [Test]
    public void Conversions_IntTupleCollectionAndArray_GiveHeightAndWidth()
    {
        int[] array = [4, 5];
        Assert.Multiple(() =>
        {
            Assert.That(Take(3), Is.EqualTo(new IntPair(3, 3)));
            Assert.That(Take((2, 7)), Is.EqualTo(new IntPair(2, 7)));
            Assert.That(Take([1, 6]), Is.EqualTo(new IntPair(1, 6)));
            Assert.That(Take(array), Is.EqualTo(new IntPair(4, 5)));
            Assert.That(TakeNullable(2), Is.EqualTo(new IntPair(2, 2)));
            Assert.That(TakeNullable([1, 2]), Is.EqualTo(new IntPair(1, 2)));
            Assert.That(TakeNullable(), Is.Null);
        });
    }

    [Test]
    public void Create_WrongLength_Throws() =>
        Assert.That(() => Take(new[] { 1, 2, 3 }), Throws.ArgumentException.With.Message.Contains("Expected a tuple of 2 integers (height, width), or a single int for both. Received: [1, 2, 3]"));

    [Test]
    public void ToStringAndDeconstruct_ArePythonTupleAndHeightWidth()
    {
        var (h, w) = new IntPair(3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(new IntPair(3, 4).ToString(), Is.EqualTo("(3, 4)"));
            Assert.That((h, w), Is.EqualTo((3, 4)));
            Assert.That(new IntPair(3, 4).ToArray(), Is.EqualTo(new[] { 3, 4 }));
            Assert.That(new IntPair(3, 4) == (3, 4), Is.True);
            Assert.That(new IntPair(3, 4) != 3, Is.True);
        });
    }
}
