using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class EmbeddingTests
{
    /// <summary>A 5 × 3 table whose row i is [i, 10 + i, −i / 2].</summary>
    private static Embedding KnownEmbedding(string? name = null)
    {
        var layer = new Embedding(5, 3, name: name);
        layer.EnsureBuilt(new Shape(-1, 2));
        var table = new float[15];
        for (int i = 0; i < 5; i++)
        {
            table[i * 3] = i;
            table[i * 3 + 1] = 10 + i;
            table[i * 3 + 2] = -i / 2f;
        }
        layer.SetWeights([Tensor.FromArray(table, 5, 3)]);
        return layer;
    }

    [Test]
    public void Harness_Ids_GiveVectors() =>
        LayerTestHarness.Run(() => new Embedding(10, 4), new Shape(2, 3), new Shape(2, 3, 4), 1, 0,
            "input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer", "mask_zero");

    [Test]
    public void Build_Embeddings_HaveKerasNameShapeAndDefaultInitializer()
    {
        Keras.SetRandomSeed(3);
        var layer = new Embedding(50, 8, name: "emb");
        layer.EnsureBuilt(new Shape(-1, 4));
        var values = layer.Embeddings.Value.ToArray();
        var init = layer.GetConfig()["embeddings_initializer"]!;
        Assert.Multiple(() =>
        {
            Assert.That(layer.Weights.Select(w => w.Path), Is.EqualTo(new[] { "emb/embeddings" }));
            Assert.That(layer.Embeddings.Shape, Is.EqualTo(new Shape(50, 8)));
            Assert.That((string?)init["class_name"], Is.EqualTo("RandomUniform"));
            Assert.That((double)init["config"]!["minval"]!, Is.EqualTo(-0.05));
            Assert.That((double)init["config"]!["maxval"]!, Is.EqualTo(0.05));
            Assert.That(values, Is.All.InRange(-0.05f, 0.05f));
            Assert.That(values.Distinct().Count(), Is.GreaterThan(300), "random values");
        });
    }

    [Test]
    public void Apply_Ids_LookUpRows()
    {
        var y = KnownEmbedding().Apply(Tensor.FromArray(new float[,] { { 0, 2 }, { 4, 2 } }));
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(2, 2, 3)));
            TensorAssert.AllClose(y, [0, 10, 0, 2, 12, -1, 4, 14, -2, 2, 12, -1], 0, 0);
        });
    }

    [Test]
    public void Apply_AnyIdRank_AppendsOutputDim()
    {
        var layer = KnownEmbedding();
        Assert.Multiple(() =>
        {
            Assert.That(layer.Apply(Tensor.FromArray([1f, 3f])).Shape, Is.EqualTo(new Shape(2, 3)));
            Assert.That(layer.Apply(Tensor.Zeros(new Shape(2, 4, 5))).Shape, Is.EqualTo(new Shape(2, 4, 5, 3)));
            Assert.That(layer.ComputeOutputShape(new Shape(-1, 7)), Is.EqualTo(new Shape(-1, 7, 3)));
        });
    }

    [Test]
    public void Apply_FractionalId_IsTruncatedLikeKerasCast()
    {
        var y = KnownEmbedding().Apply(Tensor.FromArray([1.7f, 3.2f]));
        TensorAssert.AllClose(y, [1, 11, -0.5f, 3, 13, -1.5f], 0, 0);
    }

    [Test]
    public void Gradient_RepeatedIds_ScatterAddIntoTheTable()
    {
        var layer = KnownEmbedding();
        var ids = Tensor.FromArray(new float[,] { { 1, 3, 1 }, { 1, 0, 3 } });
        var r = Tensor.FromArray(NormReference.Values(18, 9), 2, 3, 3);
        Tensor[] grads;
        using (var tape = GradientTape.Record())
        {
            var loss = Ops.Sum(Ops.Multiply(layer.Apply(ids), r));
            grads = tape.Gradient(loss, [layer.Embeddings.Value, ids]);
        }
        var expected = new float[15];
        var idValues = ids.ToArray();
        var rv = r.ToArray();
        for (int p = 0; p < idValues.Length; p++)
        {
            for (int k = 0; k < 3; k++)
            {
                expected[(int)idValues[p] * 3 + k] += rv[p * 3 + k];
            }
        }
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(grads[0], expected, 1e-6, 1e-6);
            Assert.That(grads[0].ToArray().Skip(6).Take(3), Is.All.EqualTo(0f), "id 2 is never used");
            TensorAssert.AllClose(grads[1], new float[6], 0, 0);
        });
    }

    [Test]
    public void Gradient_Embeddings_MatchNumeric()
    {
        var ids = Tensor.FromArray(new float[,] { { 4, 0, 4 }, { 2, 4, 1 } });
        GradientChecker.Check(xs => Ops.Take(xs[0], ids), [KnownEmbedding().Embeddings.Value]);
    }

    [TestCase(5f, "5")]
    [TestCase(-1f, "-1")]
    [TestCase(float.NaN, "NaN")]
    public void Apply_IdOutOfRange_ThrowsNamingLayerAndId(float bad, string shown)
    {
        var layer = KnownEmbedding("emb_range");
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.FromArray([0f, bad])));
        Assert.That(ex!.Message, Does.Contain("\"emb_range\"").And.Contain($"id {shown}").And.Contain("[0, 5)"));
    }

    [Test]
    public void Constructor_MaskZero_IsRejectedClearly()
    {
        var ex = Assert.Throws<NotSupportedException>(() => new Embedding(10, 2, maskZero: true));
        Assert.That(ex!.Message, Does.Contain("mask_zero=True"));
    }

    [TestCase(0, 3, "input_dim=0")]
    [TestCase(4, -2, "output_dim=-2")]
    public void Constructor_NonPositiveDims_Throw(int inputDim, int outputDim, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Embedding(inputDim, outputDim));
        Assert.That(ex!.Message, Does.Contain(message));
    }

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var layer = new Embedding(100, 16, embeddingsInitializer: "glorot_uniform", embeddingsRegularizer: new KerasSharp.Regularizers.L2(1e-4f),
            inputShape: new Shape(12), name: "emb_cfg");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (Embedding)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That(copy.InputDim, Is.EqualTo(100));
            Assert.That(copy.OutputDim, Is.EqualTo(16));
            Assert.That((bool)json["config"]!["mask_zero"]!, Is.False);
        });
    }

    [Test]
    public void FromConfig_Keras2WithInputLength_IsRead()
    {
        var config = JsonNode.Parse("""
            {"name": "embedding", "trainable": true, "batch_input_shape": [null, 10], "dtype": "float32", "input_dim": 1000, "output_dim": 64,
             "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}},
             "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": false, "input_length": 10}
            """)!.AsObject();
        var layer = Embedding.FromConfig(config);
        Assert.That(layer.ComputeOutputShape(layer.BatchInputShape!.Value), Is.EqualTo(new Shape(-1, 10, 64)));
    }

    [Test]
    public void Build_TableBeyondMemory_FailsBeforeAllocating()
    {
        var layer = new Embedding(1_000_000_000, 1000, name: "embedding_huge");
        var ex = Assert.Throws<InvalidOperationException>(() => layer.Apply(Tensor.FromArray(new float[,] { { 1, 2 } })));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith(
                "Layer \"embedding_huge\" cannot create its weight 'embedding_huge/embeddings' of shape (1000000000, 1000): it needs 3.6 TB, more than the "));
            Assert.That(layer.Built, Is.False);
            Assert.That(layer.Weights, Is.Empty);
        });
    }
}
