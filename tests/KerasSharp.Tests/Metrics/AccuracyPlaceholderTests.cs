using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class AccuracyPlaceholderTests
{
    [Test]
    public void UpdateState_Unresolved_ThrowsInvalidOperation()
    {
        var m = new AccuracyPlaceholder("acc");
        var ex = Assert.Throws<InvalidOperationException>(() =>
            m.UpdateState(new float[,] { { 1 } }, new float[,] { { 0.9f } }));
        Assert.That(ex!.Message, Does.Contain("'acc'").And.Contain("resolved").And.Contain("Compile/Fit"));
    }

    [Test]
    public void Result_BeforeResolution_IsZero()
    {
        var m = new AccuracyPlaceholder();
        m.ResetState();
        Assert.That((m.Name, m.Result()), Is.EqualTo(("accuracy", 0.0)));
    }

    [Test]
    public void Resolve_SparseShapes_KeepsName()
    {
        var resolved = new AccuracyPlaceholder("acc").Resolve(new Shape(32), new Shape(32, 10));
        Assert.Multiple(() =>
        {
            Assert.That(resolved, Is.TypeOf<SparseCategoricalAccuracy>());
            Assert.That(resolved.Name, Is.EqualTo("acc"));
        });
    }
}
