using KerasSharp.Tests.Testing;
using System.Text.Json.Nodes;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Saving.Tfjs;

namespace KerasSharp.Tests.Saving.Tfjs;

/// <summary>Broken and hostile <c>model.json</c> files: each gives a clear error naming the file, and nothing large is allocated.</summary>
[TestFixture]
public sealed class TfjsHostileFileTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        var model = new Sequential([new Input(shape: [3]), new Dense(4, name: "hidden"), new Dense(2, name: "head")]);
        TfjsFormat.Export(model, _folder.Path);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private string ModelJson => _folder[TfjsFormat.ModelJson];

    private string Shard => _folder[TfjsFormat.ShardName];

    [Test]
    public void Load_TruncatedShard_ThrowsNamingTheShardAndTheSizes()
    {
        long length = new FileInfo(Shard).Length;
        using (var stream = File.OpenWrite(Shard))
        {
            stream.SetLength(length - 5);
        }

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains(TfjsFormat.ShardName).And.Message.Contains($"hold {length - 5} bytes").And.Message.Contains($"needs {length} bytes")
            .And.Message.Contains(ModelJson));
    }

    [Test]
    public void Load_HugeShape_ThrowsBeforeAllocating()
    {
        Edit(json => FirstWeight(json)["shape"] = new JsonArray(50_000, 40_000));   // 2e9 floats = 8 GB

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("needs 8000000"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(16L << 20));
    }

    [Test]
    public void Load_ShapeWithMoreValuesThanAnArrayHolds_Throws()
    {
        Edit(json => FirstWeight(json)["shape"] = new JsonArray(1 << 20, 1 << 20, 1 << 20));

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("too many values").And.Message.Contains("hidden/kernel"));
    }

    [TestCase(-3)]
    [TestCase(2.5)]
    public void Load_InvalidDimension_Throws(double dimension)
    {
        Edit(json => FirstWeight(json)["shape"] = new JsonArray(dimension, 4));

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("invalid shape").And.Message.Contains("hidden/kernel"));
    }

    [TestCase("../outside.bin")]
    [TestCase("sub/../../outside.bin")]
    [TestCase("/etc/passwd")]
    [TestCase("C:\\Windows\\win.ini")]
    [TestCase("https://example.com/shard.bin")]
    public void Load_ShardPathOutsideTheFolder_Throws(string path)
    {
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(_folder.Path)!, "outside.bin"), new byte[1024]);
        Edit(json => json["weightsManifest"]![0]!["paths"] = new JsonArray(path));

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains($"'{path}'").And.Message.Contains("inside the model's folder"));
    }

    [Test]
    public void Load_MissingShard_ThrowsFileNotFoundNamingIt()
    {
        File.Delete(Shard);

        Assert.That(Load, Throws.InstanceOf<FileNotFoundException>().With.Message.Contains(TfjsFormat.ShardName));
    }

    [Test]
    public void Load_NotJson_Throws()
    {
        File.WriteAllText(ModelJson, "{\"modelTopology\": ");

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("not valid JSON").And.Message.Contains(ModelJson));
    }

    [Test]
    public void Load_GraphModel_ThrowsSayingOnlyLayersModelsLoad()
    {
        File.WriteAllText(ModelJson, "{\"format\": \"graph-model\", \"modelTopology\": {\"node\": []}, \"weightsManifest\": []}");

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("graph model"));
    }

    [Test]
    public void Load_NoWeightsManifest_Throws()
    {
        Edit(json => json.Remove("weightsManifest"));

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("weightsManifest"));
    }

    [Test]
    public void Load_UnknownDtype_Throws()
    {
        Edit(json => FirstWeight(json)["dtype"] = "float64");

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("Unsupported dtype in weight 'hidden/kernel': float64"));
    }

    [Test]
    public void Load_WeightWithoutVariable_ThrowsAsTfjs()
    {
        Edit(json => FirstWeight(json)["name"] = "nowhere/kernel");

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("Provided weight data has no target variable: nowhere/kernel"));
    }

    [Test]
    public void Load_ShapeMismatch_ThrowsNamingTheVariable()
    {
        // same size, other shape
        Edit(json => FirstWeight(json)["shape"] = new JsonArray(4, 3));

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("hidden/kernel").And.Message.Contains("(3, 4)"));
    }

    [Test]
    public void Load_VariableWithoutWeight_ThrowsListingTheUnsetOnes()
    {
        Edit(json =>
        {
            var weights = json["weightsManifest"]![0]!["weights"]!.AsArray();
            weights.RemoveAt(weights.Count - 1);   // head/bias, the last 2 floats of the shard
        });

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("1 of 4 weights are not set: head/bias"));
    }

    [Test]
    public void Load_NotAModelTopology_Throws()
    {
        Edit(json => json["modelTopology"] = new JsonObject { ["class_name"] = "Dense", ["config"] = new JsonObject { ["units"] = 2 } });

        Assert.That(Load, Throws.InstanceOf<InvalidDataException>().With.Message.Contains("not a model"));
    }

    private Model Load() => TfjsFormat.Load(ModelJson, new LoadOptions());

    private static JsonObject FirstWeight(JsonObject json) => json["weightsManifest"]![0]!["weights"]![0]!.AsObject();

    private void Edit(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(ModelJson))!.AsObject();
        edit(json);
        File.WriteAllText(ModelJson, json.ToJsonString());
    }
}
