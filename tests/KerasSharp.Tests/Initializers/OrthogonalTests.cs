using KerasSharp.Engine;
using KerasSharp.Initializers;

namespace KerasSharp.Tests.Initializers;

public class OrthogonalTests
{
    [Test]
    public void Constructor_DoubleGain_IsStoredAndWrittenAsTyped()
    {
        var init = new Orthogonal(gain: 1.1, seed: 4);
        Assert.Multiple(() =>
        {
            Assert.That(init.Gain, Is.EqualTo(1.1));
            Assert.That(init.GetConfig()["gain"]!.ToJsonString(), Is.EqualTo("1.1"));
        });
    }

    [Test]
    public void Call_FloatOrDoubleGain_GivesTheSameValues() =>
        Assert.That(new Orthogonal(1.1, seed: 4).Call(new Shape(3, 3)).ToArray(),
            Is.EqualTo(new Orthogonal(1.1f, seed: 4).Call(new Shape(3, 3)).ToArray()));
}
