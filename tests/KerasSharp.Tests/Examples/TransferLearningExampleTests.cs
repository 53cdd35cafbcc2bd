using KerasSharp.Examples.TransferLearning;

namespace KerasSharp.Tests.Examples;

public class TransferLearningExampleTests
{
    [Test]
    public void Transfer_KeepsFrozenWeightsBitIdentical_AndBeatsFromScratch()
    {
        // A reduced run (fewer base images and epochs) of the example project, on the real data.
        Keras.SetRandomSeed(42);
        var output = new StringWriter();
        var settings = new TransferExperiment.Settings(BaseEpochs: 1, FewShotPerClass: 20, HeadEpochs: 5, FineTuneEpochs: 2, BaseSamples: 6000, TestSamples: 1000);
        var result = TransferExperiment.Run(settings, output);
        Assert.Multiple(() =>
        {
            Assert.That(result.FrozenWeightsUnchanged, Is.True, "frozen weights must not change while the new head trains");
            Assert.That(result.TransferAccuracy, Is.GreaterThan(result.FromScratchAccuracy + 0.02), output.ToString());
            Assert.That(output.ToString(), Does.Contain("from scratch:").And.Contain("transfer (frozen base, new classifier):"));
        });
    }
}
