using KerasSharp.Tests.Testing;
using System.Buffers.Binary;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Saving.Tfjs;

namespace KerasSharp.Tests.Saving.Tfjs;

[TestFixture]
public sealed class TfjsFormatExportTests
{
    [Test]
    public void Export_WritesLayersModelJsonAndOneFloat32Shard()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(4, name: "hidden"), new Dense(2, name: "head")], name: "small");
        using var folder = new TempFolder();

        TfjsFormat.Export(model, folder.Path);

        var json = JsonNode.Parse(File.ReadAllText(folder["model.json"]))!.AsObject();
        var kernel = model.Layers[0].Weights[0];
        var shard = File.ReadAllBytes(folder["group1-shard1of1.bin"]);
        Assert.Multiple(() =>
        {
            Assert.That((string?)json["format"], Is.EqualTo("layers-model"));
            Assert.That((string?)json["generatedBy"], Does.StartWith("KerasSharp "));
            Assert.That(json.ContainsKey("convertedBy") && json["convertedBy"] is null, Is.True);
            Assert.That((string?)json["modelTopology"]!["class_name"], Is.EqualTo("Sequential"));
            Assert.That((string?)json["modelTopology"]!["backend"], Is.EqualTo("tensor_flow.js"));
            Assert.That(json["modelTopology"]!.ToJsonString(), Does.Not.Contain("\"module\"").And.Not.Contain("registered_name"));
            Assert.That(json["weightsManifest"]![0]!["paths"]!.ToJsonString(), Is.EqualTo("[\"group1-shard1of1.bin\"]"));
            Assert.That(json["weightsManifest"]![0]!["weights"]!.AsArray().Select(w => (string?)w!["name"]),
                Is.EqualTo(new[] { "hidden/kernel", "hidden/bias", "head/kernel", "head/bias" }));
            Assert.That(shard, Has.Length.EqualTo(4 * (3 * 4 + 4 + 4 * 2 + 2)));
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(shard), Is.EqualTo(kernel.Value.ToArray()[0]));
            Assert.That(Directory.GetFiles(folder.Path), Has.Length.EqualTo(2), "no temporary file is left");
        });
    }

    [Test]
    public void ModelExport_TfjsFormat_WritesTheTfjsLayersModel()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2, activation: "relu")]);
        using var folder = new TempFolder();
        string dir = folder["web_model"];

        model.Export(dir, "tfjs");

        var loaded = TfjsFormat.Load(Path.Combine(dir, "model.json"), new LoadOptions());
        var x = Tensor.FromArray([0.5f, -1f, 2f], [1, 3]);
        Assert.That(loaded.Predict(x, verbose: 0).ToArray(), Is.EqualTo(model.Predict(x, verbose: 0).ToArray()));
    }

    [Test]
    public void Export_UnbuiltModel_Throws()
    {
        var model = new Sequential([new Dense(2)]);
        using var folder = new TempFolder();

        Assert.That(() => TfjsFormat.Export(model, folder.Path), Throws.InvalidOperationException.With.Message.Contains("not built"));
    }

    [Test]
    public void Export_GruWithResetAfter_ThrowsAndLeavesThePreviousExport()
    {
        using var folder = new TempFolder();
        TfjsFormat.Export(new Sequential([new Input(shape: [2]), new Dense(1)]), folder.Path);
        string before = File.ReadAllText(folder["model.json"]);
        var gru = new Sequential([new Input(shape: [4, 2]), new GRU(3)]);

        Assert.That(() => TfjsFormat.Export(gru, folder.Path), Throws.InstanceOf<NotSupportedException>().With.Message.Contains("resetAfter"));
        Assert.That(File.ReadAllText(folder["model.json"]), Is.EqualTo(before));
    }

    private static IEnumerable<TestCaseData> LayersTfjsLacks()
    {
        yield return new TestCaseData(new Conv1D(2, 2, padding: "causal"), "causal").SetName("Export_CausalConv1D_ThrowsNotSupported");
        yield return new TestCaseData(new Bidirectional(new LSTM(2), backwardLayer: new GRU(2, resetAfter: false, goBackwards: true)), "backward layer")
            .SetName("Export_BidirectionalWithItsOwnBackwardLayer_ThrowsNotSupported");
        yield return new TestCaseData(new LSTM(2, recurrentActivation: "hard_sigmoid"), "hard_sigmoid").SetName("Export_HardSigmoid_ThrowsNotSupported");
        yield return new TestCaseData(new SpatialDropout2D(0.1f), "no SpatialDropout2D").SetName("Export_SpatialDropout2D_ThrowsNotSupported");
    }

    [TestCaseSource(nameof(LayersTfjsLacks))]
    public void Export_LayerTfjsCannotRebuild_ThrowsNotSupportedNamingIt(Layer layer, string reason)
    {
        var shape = layer is SpatialDropout2D ? new Shape(4, 4, 2) : new Shape(5, 3);
        var model = new Sequential([new Input(shape: shape), layer]);
        using var folder = new TempFolder();

        Assert.That(() => TfjsFormat.Export(model, folder.Path),
            Throws.InstanceOf<NotSupportedException>().With.Message.Contains(layer.Name).And.Message.Contains(reason));
        Assert.That(Directory.GetFiles(folder.Path), Is.Empty);
    }

    [Test]
    public void Export_ThenLoad_SameArchitectureAndPredictions()
    {
        var inputs = new Input(shape: [6], name: "features");
        var x = new Dense(5, activation: "relu", name: "a").Apply(inputs);
        x = new BatchNormalization(name: "norm").Apply(x);
        var model = new Model(inputs, new Dense(2, activation: "sigmoid", name: "out").Apply(x), name: "roundtrip");
        TfjsInteropTests.SetFixedWeights(model);
        var input = Tensor.FromArray([.. Enumerable.Range(0, 12).Select(i => MathF.Cos(i * 0.3f))], [2, 6]);
        using var folder = new TempFolder();

        TfjsFormat.Export(model, folder.Path);
        var loaded = TfjsFormat.Load(folder.Path, new LoadOptions());

        Assert.That(loaded.Layers.Select(l => l.Name), Is.EqualTo(model.Layers.Select(l => l.Name)));
        Assert.That(loaded.Predict(input, verbose: 0).ToArray(), Is.EqualTo(model.Predict(input, verbose: 0).ToArray()));
    }

    [TestCase("hidden/kernel:0", "head/bias:0")]
    [TestCase("small/hidden/kernel", "small/head/bias")]
    [TestCase("hidden/hidden_cell/kernel", "head/bias")]
    public void Load_WeightNameVariants_MatchTheVariables(string kernelName, string biasName)
    {
        var (folder, model) = ExportSmall();
        using (folder)
        {
            EditWeights(folder, weights =>
            {
                weights[0]!["name"] = kernelName;
                weights[3]!["name"] = biasName;
            });

            var loaded = TfjsFormat.Load(folder.Path, new LoadOptions());

            Assert.That(loaded.Weights.Select(w => w.Value.ToArray()), Is.EqualTo(model.Weights.Select(w => w.Value.ToArray())));
        }
    }

    [Test]
    public void Load_Uint8AndFloat16Quantized_Dequantizes()
    {
        var (folder, _) = ExportSmall();
        using (folder)
        {
            // hidden/kernel (12 values) as uint8 with scale 0.5 and min -1; hidden/bias (4) as float16; the rest float32
            var shard = File.ReadAllBytes(folder["group1-shard1of1.bin"]);
            var rest = shard.AsSpan(4 * 16).ToArray();
            var quantized = new List<byte>();
            quantized.AddRange(Enumerable.Range(0, 12).Select(i => (byte)(i * 20)));
            float[] halves = [0.5f, -2f, 1.25f, 3f];
            foreach (var h in halves)
            {
                var bytes = new byte[2];
                BinaryPrimitives.WriteHalfLittleEndian(bytes, (Half)h);
                quantized.AddRange(bytes);
            }
            File.WriteAllBytes(folder["group1-shard1of1.bin"], [.. quantized, .. rest]);
            EditWeights(folder, weights =>
            {
                weights[0]!["quantization"] = new JsonObject { ["dtype"] = "uint8", ["scale"] = 0.5, ["min"] = -1.0 };
                weights[1]!["quantization"] = new JsonObject { ["dtype"] = "float16" };
            });

            var loaded = TfjsFormat.Load(folder.Path, new LoadOptions());

            Assert.That(loaded.Layers[0].Weights[0].Value.ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => i * 20 * 0.5f - 1f).ToArray()));
            Assert.That(loaded.Layers[0].Weights[1].Value.ToArray(), Is.EqualTo(halves));
        }
    }

    [Test]
    public void Load_ShardsSplitAcrossFilesAndGroups_ConcatenatesInOrder()
    {
        var (folder, model) = ExportSmall();
        using (folder)
        {
            var shard = File.ReadAllBytes(folder["group1-shard1of1.bin"]);
            // group 1: hidden's weights in two shards (cut inside the kernel); group 2: head's weights
            File.WriteAllBytes(folder["group1-shard1of2.bin"], shard[..10]);
            File.WriteAllBytes(folder["group1-shard2of2.bin"], shard[10..(4 * 16)]);
            File.WriteAllBytes(folder["group2-shard1of1.bin"], shard[(4 * 16)..]);
            var json = JsonNode.Parse(File.ReadAllText(folder["model.json"]))!.AsObject();
            var weights = json["weightsManifest"]![0]!["weights"]!.AsArray();
            json["weightsManifest"] = new JsonArray(
                new JsonObject { ["paths"] = new JsonArray("group1-shard1of2.bin", "./group1-shard2of2.bin"), ["weights"] = new JsonArray(weights[0]!.DeepClone(), weights[1]!.DeepClone()) },
                new JsonObject { ["paths"] = new JsonArray("group2-shard1of1.bin"), ["weights"] = new JsonArray(weights[2]!.DeepClone(), weights[3]!.DeepClone()) });
            File.WriteAllText(folder["model.json"], json.ToJsonString());

            var loaded = TfjsFormat.Load(folder["model.json"], new LoadOptions());

            Assert.That(loaded.Weights.Select(w => w.Value.ToArray()), Is.EqualTo(model.Weights.Select(w => w.Value.ToArray())));
        }
    }

    private static (TempFolder Folder, Model Model) ExportSmall()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(4, name: "hidden"), new Dense(2, name: "head")], name: "small");
        TfjsInteropTests.SetFixedWeights(model);
        var folder = new TempFolder();
        TfjsFormat.Export(model, folder.Path);
        return (folder, model);
    }

    private static void EditWeights(TempFolder folder, Action<JsonArray> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(folder["model.json"]))!.AsObject();
        edit(json["weightsManifest"]![0]!["weights"]!.AsArray());
        File.WriteAllText(folder["model.json"], json.ToJsonString());
    }
}
