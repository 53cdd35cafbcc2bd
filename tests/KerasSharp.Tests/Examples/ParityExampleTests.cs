using KerasSharp.Examples.Parity;

namespace KerasSharp.Tests.Examples;

public class ParityExampleTests
{
    [Test]
    public void OddEvenClassifier_PredictsOneAndZero()
    {
        Keras.SetRandomSeed(42);
        var result = OddEvenClassifier.Run(verbose: 0, TextWriter.Null);
        Assert.That(result.Predictions, Is.EqualTo(new[] { 1, 0 }));
        Assert.That(result.FinalAccuracy, Is.EqualTo(1.0));
    }

    [Test]
    public void EightBitParity_ReachesFullAccuracy()
    {
        Keras.SetRandomSeed(42);
        var output = new StringWriter();
        var result = EightBitParity.Run(maxEpochs: 2000, output);
        Assert.That(result.Epoch, Is.Not.Null, output.ToString());
        Assert.That(result.Accuracy, Is.EqualTo(1.0));
        Assert.That(output.ToString(), Does.Contain($"at epoch {result.Epoch}"));
    }

    [Test]
    public void OddEvenClassifier_WithDifferentSeeds_StaysCorrect()
    {
        foreach (int seed in new[] { 1, 2, 3, 4, 5 })
        {
            Keras.SetRandomSeed(seed);
            Assert.That(OddEvenClassifier.Run(verbose: 0, TextWriter.Null).Correct, Is.True, $"seed {seed}");
        }
    }
}
