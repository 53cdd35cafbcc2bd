using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Regularizers;

namespace KerasSharp.Tests.Regularizers;

public class RegularizerTests
{
    [TestCase("l1", typeof(L1))]
    [TestCase("L1", typeof(L1))]
    [TestCase("l2", typeof(L2))]
    [TestCase("L2", typeof(L2))]
    [TestCase("l1_l2", typeof(L1L2))]
    [TestCase("l1l2", typeof(L1L2))]
    [TestCase("L1L2", typeof(L1L2))]
    public void Get_KerasId_ReturnsRegularizer(string id, Type type)
    {
        Assert.That(Regularizer.Get(id), Is.TypeOf(type));
        Regularizer converted = id;
        Assert.That(converted, Is.TypeOf(type));
    }

    [Test]
    public void Get_StringIds_UseKerasDefaultFactors()
    {
        Assert.That(((L1)Regularizer.Get("l1")).Factor, Is.EqualTo(0.01));
        Assert.That(((L2)Regularizer.Get("l2")).Factor, Is.EqualTo(0.01));
        var both = (L1L2)Regularizer.Get("l1_l2");
        Assert.That((both.L1Factor, both.L2Factor), Is.EqualTo((0.01, 0.01)));
        var cls = (L1L2)Regularizer.Get("L1L2");
        Assert.That((cls.L1Factor, cls.L2Factor), Is.EqualTo((0f, 0f)));
    }

    [Test]
    public void Get_UnknownId_ThrowsListingValidIds()
    {
        var ex = Assert.Throws<ArgumentException>(() => Regularizer.Get("l3"));
        Assert.That(ex!.Message, Does.Contain("'l3'").And.Contain("'l1'").And.Contain("'l2'").And.Contain("'l1_l2'"));
    }

    [Test]
    public void Serialize_L2_IsKerasForm()
    {
        var keras = JsonNode.Parse("""{"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": null}""");
        Assert.That(JsonNode.DeepEquals(Regularizer.Serialize(new L2()), keras), Is.True);
    }

    [Test]
    public void Deserialize_Serialize_RoundTrips()
    {
        foreach (var r in new Regularizer[] { new L1(0.3f), new L2(0.02f), new L1L2(0.001f, 0.5f) })
        {
            var copy = Regularizer.Deserialize(JsonNode.Parse(Regularizer.Serialize(r).ToJsonString())!);
            Assert.That(copy, Is.TypeOf(r.GetType()));
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(r.GetConfig().ToJsonString()));
        }
        Assert.That(Regularizer.Deserialize(JsonValue.Create("l2")), Is.TypeOf<L2>());
        Assert.Throws<ArgumentException>(() => Regularizer.Deserialize(JsonNode.Parse("""{"class_name": "OrthogonalRegularizer", "config": {}}""")!));
    }

    [TestCase(-0.1f)]
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void Constructors_InvalidFactor_ThrowWithKerasMessage(float factor)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new L1(factor));
        Assert.That(ex!.Message, Does.StartWith("Invalid value for argument l1: expected a non-negative float."));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new L2(factor));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new L1L2(l2: factor));
    }
}
