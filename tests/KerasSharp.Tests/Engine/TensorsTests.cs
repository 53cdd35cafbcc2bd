using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

public class TensorsTests
{
    private static readonly Tensor A = Tensor.Ones(new Shape(4, 3));
    private static readonly Tensor B = Tensor.Zeros(new Shape(4, 2));

    [Test]
    public void Conversions_MakeOneTensorAListOrADictionary()
    {
        Tensors one = A;
        Tensors list = [A, B];
        Tensors array = new[] { A, B };
        Tensors named = new Dictionary<string, Tensor> { ["title"] = A, ["body"] = B };
        Tensors floats = new float[,] { { 1, 2 }, { 3, 4 } };
        Tensors labels = new[] { 0, 2, 1 };
        Assert.Multiple(() =>
        {
            Assert.That((one.IsSingle, one.Count, one[0]), Is.EqualTo((true, 1, A)));
            Assert.That((list.IsList, list.Count, list[1]), Is.EqualTo((true, 2, B)));
            Assert.That(array.IsList && array[0] == A, Is.True);
            Assert.That(named.IsDictionary, Is.True);
            Assert.That(named.Names, Is.EqualTo(new[] { "title", "body" }));
            Assert.That(named["body"], Is.SameAs(B));
            Assert.That(floats[0].Shape, Is.EqualTo(new Shape(2, 2)));
            Assert.That(labels[0].ToArray(), Is.EqualTo(new float[] { 0, 2, 1 }));
        });
    }

    [Test]
    public void Deconstruct_SplitsTheTensors_AndChecksTheCount()
    {
        Tensors list = [A, B];
        var (first, second) = list;
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.SameAs(A));
            Assert.That(second, Is.SameAs(B));
            Assert.That(() => { var (_, _, _) = list; }, Throws.InvalidOperationException.With.Message.EqualTo("Cannot deconstruct 2 tensors into 3 variables."));
        });
    }

    [Test]
    public void NameLookup_UnknownName_ListsTheNames()
    {
        Tensors named = new Dictionary<string, Tensor> { ["title"] = A };
        Assert.Multiple(() =>
        {
            Assert.That(named.TryGet("body", out _), Is.False);
            Assert.That(() => named["body"], Throws.TypeOf<KeyNotFoundException>().With.Message.EqualTo("No tensor named 'body'. Names: ['title']."));
        });
    }

    [Test]
    public void NullEntries_AreRejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => { Tensors t = new Tensor[] { A, null! }; }, Throws.ArgumentNullException.With.Message.Contains("Entry 1"));
            Assert.That(() => { Tensors t = (Tensor)null!; }, Throws.ArgumentNullException);
        });
    }

    [Test]
    public void ToString_PrintsTheStructureAsKerasDoes()
    {
        Tensors list = [A, B];
        Tensors named = new Dictionary<string, Tensor> { ["title"] = A };
        Assert.Multiple(() =>
        {
            Assert.That(((Tensors)A).ToString(), Is.EqualTo("Tensor(shape=(4, 3))"));
            Assert.That(list.ToString(), Is.EqualTo("[Tensor(shape=(4, 3)), Tensor(shape=(4, 2))]"));
            Assert.That(named.ToString(), Is.EqualTo("{'title': Tensor(shape=(4, 3))}"));
        });
    }
}
