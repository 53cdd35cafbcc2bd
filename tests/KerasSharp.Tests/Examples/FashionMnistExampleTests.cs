using KerasSharp.Examples.FashionMnist;

namespace KerasSharp.Tests.Examples;

/// <summary>End-to-end on the real Fashion-MNIST (installed by .ci/run from Debian's dataset-fashion-mnist).</summary>
public class FashionMnistExampleTests
{
    [Test]
    public void Mlp_OneEpochOnTheRealData_ReachesAtLeast82Percent()
    {
        Keras.SetRandomSeed(42);
        var output = new StringWriter();
        var result = BasicClassification.Run(cnn: false, epochs: 1, verbose: 0, output);
        Assert.That(result.TestAccuracy, Is.GreaterThanOrEqualTo(0.82), output.ToString());
        Assert.That(output.ToString(), Does.Contain("Ankle boot").And.Contain("Test accuracy:"));
        int total = 0;
        foreach (var count in result.Confusion)
        {
            total += count;
        }
        Assert.That(total, Is.EqualTo(10000));
    }
}
