using KerasSharp.Engine;
using KerasSharp.Initializers;

namespace KerasSharp.Tests.Initializers;

public class ConstantTests
{
    [Test]
    public void Constructor_DoubleLiteral_IsStoredAndWrittenAsTyped()
    {
        var init = new Constant(0.1);
        Assert.Multiple(() =>
        {
            Assert.That(init.Value, Is.EqualTo(0.1));
            Assert.That(init.GetConfig()["value"]!.ToJsonString(), Is.EqualTo("0.1"));
            Assert.That(init.Call(new Shape(2, 2)).ToArray(), Is.All.EqualTo(0.1f));
        });
    }

    [Test]
    public void Constructor_FloatLiteral_IsTheDecimalTyped() =>
        Assert.That(new Constant(0.1f).Value, Is.EqualTo(0.1));
}
