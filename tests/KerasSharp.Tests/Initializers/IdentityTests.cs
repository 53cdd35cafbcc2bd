using KerasSharp.Engine;
using KerasSharp.Initializers;

namespace KerasSharp.Tests.Initializers;

public class IdentityTests
{
    [Test]
    public void Constructor_DoubleGain_IsStoredAndWrittenAsTyped()
    {
        var init = new Identity(gain: 0.5);
        Assert.Multiple(() =>
        {
            Assert.That(init.Gain, Is.EqualTo(0.5));
            Assert.That((double)init.GetConfig()["gain"]!, Is.EqualTo(0.5));
            Assert.That(init.Call(new Shape(2, 3)).ToArray(), Is.EqualTo(new[] { 0.5f, 0f, 0f, 0f, 0.5f, 0f }));
        });
    }
}
