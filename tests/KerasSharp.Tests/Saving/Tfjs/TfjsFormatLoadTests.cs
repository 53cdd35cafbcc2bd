using KerasSharp.Tests.Testing;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Saving.Tfjs;

namespace KerasSharp.Tests.Saving.Tfjs;

[TestFixture]
public sealed class TfjsFormatLoadTests
{
    private static IEnumerable<string> Fixtures() => KerasFiles.WithExpectedOutputs("tfjs");

    [TestCaseSource(nameof(Fixtures))]
    public void Load_RealTfjsFile_PredictsRecordedOutput(string relative)
    {
        var expected = KerasFiles.ExpectedOf(relative);

        var model = TfjsFormat.Load(KerasFiles.PathOf(relative), new LoadOptions(Compile: false));

        KerasFiles.AssertMatches(model.Predict(expected.Input, verbose: 0), expected, relative);
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Load_Folder_SameAsModelJson(string relative)
    {
        var expected = KerasFiles.ExpectedOf(relative);
        string folder = Path.GetDirectoryName(KerasFiles.PathOf(relative))!;

        var model = TfjsFormat.Load(folder, new LoadOptions(Compile: false));

        KerasFiles.AssertMatches(model.Predict(expected.Input, verbose: 0), expected, relative);
    }

    [Test]
    public void Load_ConverterFileWithTrainingConfig_CompilesWithItsOptimizerAndLoss()
    {
        var model = TfjsFormat.Load(KerasFiles.PathOf("tfjs/k2.5.0-conv3.7.0_handwritten-digits-cnn/model.json"), new LoadOptions());

        Assert.That(model.IsCompiled, Is.True);
        Assert.That(model.Optimizer, Is.InstanceOf<KerasSharp.Optimizers.RMSprop>());
        Assert.That(model.Optimizer!.LearningRate, Is.EqualTo(0.001).Within(1e-9));
    }

    [Test]
    public void Load_CompileFalse_LeavesModelUncompiled()
    {
        var model = TfjsFormat.Load(KerasFiles.PathOf("tfjs/k2.15.0-conv4.17.0_maternal-health/model.json"), new LoadOptions(Compile: false));

        Assert.That(model.IsCompiled, Is.False);
    }

    [Test]
    public void Load_TfjsLayersEmbeddingGru_BuildsResetAfterFalseGruWithItsWeights()
    {
        string path = KerasFiles.PathOf("tfjs/tfjs-layers-0.0.0_e2e-embedding-gru/model.json");

        var model = TfjsFormat.Load(path, new LoadOptions(Compile: false));

        var gru = model.Layers.OfType<GRU>().Single();
        Assert.That(gru.ResetAfter, Is.False);
        Assert.That(gru.GoBackwards, Is.True);
        var weights = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(path)!, "weights.bin"));
        // the last weight of the shard is the GRU's bias
        float lastBias = BitConverter.ToSingle(weights, weights.Length - 4);
        Assert.That(gru.Weights.Single(w => w.Name == "bias").Value.ToArray()[^1], Is.EqualTo(lastBias));
        var output = model.Predict(Tensor.FromArray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 10]), verbose: 0);
        Assert.That(output.Shape.ToArray(), Is.EqualTo(new[] { 1, 4 }));
    }

    [Test]
    public void Load_MissingPath_ThrowsFileNotFound()
    {
        Assert.That(() => TfjsFormat.Load(Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "model.json"), new LoadOptions()),
            Throws.InstanceOf<FileNotFoundException>());
    }

    [Test]
    public void Load_FolderWithoutModelJson_ThrowsNamingTheFolder()
    {
        using var folder = new TempFolder();

        Assert.That(() => TfjsFormat.Load(folder.Path, new LoadOptions()),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("model.json"));
    }
}
