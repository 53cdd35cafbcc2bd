using KerasSharp.Callbacks;

namespace KerasSharp.Tests.Callbacks;

public class CheckpointPathTests
{
    private static readonly Dictionary<string, double> s_values = new()
    {
        ["epoch"] = 3, ["batch"] = 12, ["loss"] = 0.5, ["val_loss"] = 0.123456, ["accuracy"] = 0.9375,
    };

    [TestCase("model-{epoch:02d}-{val_loss:.2f}.keras", "model-03-0.12.keras")]
    [TestCase("{epoch}.keras", "3.keras")]
    [TestCase("{epoch:03d}_{batch}.weights.h5", "003_12.weights.h5")]
    [TestCase("{loss}.keras", "0.5.keras")]
    [TestCase("{val_loss:.3e}.keras", "1.235e-01.keras")]
    [TestCase("{accuracy:.1%}.keras", "93.8%.keras")]
    [TestCase("{val_loss:8.3f}.keras", "   0.123.keras")]
    [TestCase("{{epoch}}-{epoch}.keras", "{epoch}-3.keras")]
    [TestCase("plain.keras", "plain.keras")]
    public void Format_FillsPythonStyleFields(string template, string expected) =>
        Assert.That(CheckpointPath.Format(template, s_values), Is.EqualTo(expected));

    [TestCase("{val_accuracy}.keras", "'val_accuracy' is not one of the available values")]
    [TestCase("{loss:02d}.keras", "Unknown format code 'd' for object of type 'float'")]
    [TestCase("{epoch.keras", "Single '{'")]
    [TestCase("{epoch:.x}.keras", "missing precision")]
    [TestCase("{epoch:q}.keras", "Unknown format code 'q'")]
    public void Format_BadField_NamesThePathAndTheReason(string template, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => CheckpointPath.Format(template, s_values))!;
        Assert.That(e.Message, Does.Contain($"Failed to format this callback filepath: \"{template}\"").And.Contain(reason));
    }
}
