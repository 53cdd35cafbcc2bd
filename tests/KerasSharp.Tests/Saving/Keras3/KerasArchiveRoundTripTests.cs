using KerasSharp.Utils;
using System.IO.Compression;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;
using NUnit.Framework;

namespace KerasSharp.Tests.Saving.Keras3;

/// <summary>Models saved as <c>.keras</c> and <c>.weights.h5</c> come back with the same architecture, weights, compile state and optimizer state.</summary>
[TestFixture]
public sealed class KerasArchiveRoundTripTests : TempFolderTest
{
    internal static Tensor Random(int seed, params int[] shape)
    {
        var random = new Random(seed);
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return Tensor.FromArray(values, shape);
    }

    private static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData((Func<Model>)(() => new Sequential([new Input(shape: [6]), new Dense(5, activation: "relu"), new Dropout(0.5f), new Dense(3, activation: "softmax")])), new[] { 4, 6 })
            .SetName("Sequential_DenseDropout");
        yield return new TestCaseData((Func<Model>)(() => new Sequential([new Input(shape: [8, 8, 2]), new Conv2D(3, 3, padding: "same"), new BatchNormalization(), new MaxPooling2D(2), new Flatten(), new Dense(2)])), new[] { 3, 8, 8, 2 })
            .SetName("Sequential_ConvBatchNorm");
        yield return new TestCaseData((Func<Model>)(() => new Sequential([new Input(shape: [5, 3]), new LSTM(4, returnSequences: true), new GRU(3), new Dense(1)])), new[] { 2, 5, 3 })
            .SetName("Sequential_Recurrent");
        yield return new TestCaseData((Func<Model>)(() => new Sequential([new Input(shape: [5, 3]), new Bidirectional(new SimpleRNN(2, returnSequences: true)), new TimeDistributed(new Dense(2)), new Flatten()])), new[] { 2, 5, 3 })
            .SetName("Sequential_Wrappers");
        yield return new TestCaseData((Func<Model>)(() => new Sequential([new Input(shape: [7]), new Embedding(10, 4), new GlobalAveragePooling1D(), new LayerNormalization(), new Dense(2)])), new[] { 2, 7 })
            .SetName("Sequential_EmbeddingLayerNorm");
        yield return new TestCaseData((Func<Model>)Functional, new[] { 3, 6 }).SetName("Functional_NestedAndShared");
    }

    // a Functional model with a nested Sequential, a shared layer and a merge
    private static Model Functional()
    {
        var inputs = new Input(shape: [6], name: "features");
        var shared = new Dense(4, activation: "tanh", name: "shared");
        var inner = new Sequential([new Input(shape: [4]), new Dense(4, activation: "relu"), new Dense(4)], name: "inner");
        var a = shared.Apply(inputs);
        var b = shared.Apply(new Dense(6).Apply(inputs));
        var merged = new Concatenate().Apply([inner.Apply(a), b]);
        return new Model(inputs, new Dense(2).Apply(merged), name: "functional_model");
    }

    [TestCaseSource(nameof(Models))]
    public void SaveThenLoad_KerasArchive_PredictsTheSame(Func<Model> build, int[] inputShape)
    {
        var model = build();
        var x = Inputs(inputShape, model);
        var before = model.Predict(x, verbose: 0);

        model.Save(In("m.keras"));
        var loaded = Model.Load(In("m.keras"));

        Assert.Multiple(() =>
        {
            Assert.That(loaded.GetType(), Is.EqualTo(model.GetType()));
            Assert.That(loaded.ToJson(), Is.EqualTo(model.ToJson()), "the same config");
            Assert.That(loaded.Predict(x, verbose: 0).ToArray(), Is.EqualTo(before.ToArray()), "the same weights");
        });
    }

    [TestCaseSource(nameof(Models))]
    public void SaveWeightsThenLoadWeights_IntoAFreshCopy_PredictsTheSame(Func<Model> build, int[] inputShape)
    {
        var model = build();
        var fresh = build();
        var x = Inputs(inputShape, model);

        model.SaveWeights(In("m.weights.h5"));
        fresh.LoadWeights(In("m.weights.h5"));

        Assert.That(fresh.Predict(x, verbose: 0).ToArray(), Is.EqualTo(model.Predict(x, verbose: 0).ToArray()));
    }

    [Test]
    public void Load_CompiledModel_HasTheSameOptimizerLossAndMetrics()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: new RMSprop(learningRate: 0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);

        model.Save(In("m.keras"));
        var loaded = Model.Load(In("m.keras"));

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Optimizer, Is.InstanceOf<RMSprop>());
            Assert.That(loaded.Optimizer!.LearningRate, Is.EqualTo(0.01).Within(1e-9));
            Assert.That(loaded.Loss!.Name, Is.EqualTo(model.Loss!.Name));
            Assert.That(loaded.Metrics.Select(m => m.Name), Is.EqualTo(model.Metrics.Select(m => m.Name)));
        });
    }

    [TestCase("m.keras")]
    [TestCase("m.weights.h5")]
    public void ResumedTraining_FromASavedModel_ContinuesBitForBit(string file)
    {
        var x = Random(1, 32, 4);
        var y = Tensor.FromArray([.. Enumerable.Range(0, 32).Select(i => (float)(i % 3))], 32);
        Model Build()
        {
            var m = new Sequential([new Input(shape: [4]), new Dense(8, activation: "relu", kernelInitializer: new KerasSharp.Initializers.GlorotUniform(seed: 3)), new Dense(3, activation: "softmax", kernelInitializer: new KerasSharp.Initializers.GlorotUniform(seed: 4))]);
            m.Compile(optimizer: new Adam(learningRate: 0.01), loss: "sparse_categorical_crossentropy");
            return m;
        }

        var uninterrupted = Build();
        uninterrupted.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false);

        var first = Build();
        first.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, shuffle: false);
        Model resumed;
        if (file.EndsWith(".keras", StringComparison.Ordinal))
        {
            first.Save(In(file));
            resumed = Model.Load(In(file));
        }
        else
        {
            first.SaveWeights(In(file));
            resumed = Build();
            resumed.LoadWeights(In(file));
        }
        resumed.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, shuffle: false);

        Assert.Multiple(() =>
        {
            Assert.That(resumed.Optimizer!.Iterations, Is.EqualTo(uninterrupted.Optimizer!.Iterations));
            for (int i = 0; i < uninterrupted.Weights.Count; i++)
            {
                Assert.That(resumed.Weights[i].Value.ToArray(), Is.EqualTo(uninterrupted.Weights[i].Value.ToArray()), uninterrupted.Weights[i].Path);
            }
        });
    }

    [Test]
    public void Save_KerasArchive_HasKerasEntriesAndConfig()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2)]);
        model.Compile(optimizer: "adam", loss: "mse");

        model.Save(In("m.keras"));

        using var zip = ZipFile.OpenRead(In("m.keras"));
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        var config = JsonNode.Parse(reader.ReadToEnd())!;
        Assert.Multiple(() =>
        {
            Assert.That(zip.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "metadata.json", "config.json", "model.weights.h5" }));
            Assert.That(zip.Entries.All(e => e.CompressedLength == e.Length), Is.True, "stored, as Python's zipfile writes");
            Assert.That(config["module"]!.GetValue<string>(), Is.EqualTo("keras"));
            Assert.That(config["class_name"]!.GetValue<string>(), Is.EqualTo("Sequential"));
            Assert.That(config["config"]!["layers"]![1]!["build_config"]!["input_shape"]!.ToJsonString(), Is.EqualTo("[null,3]"));
            Assert.That(config["compile_config"]!["optimizer"]!["class_name"]!.GetValue<string>(), Is.EqualTo("Adam"));
            Assert.That(config["compile_config"]!["loss"]!.GetValue<string>(), Is.EqualTo("mean_squared_error"));
        });
    }

    [Test]
    public void Save_KerasArchive_WeightsHaveKerasLayout_ReadByH5py()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(4, name: "first"), new Dropout(0.2f, name: "drop"), new Dense(2, name: "last")], name: "net");
        model.Compile(optimizer: "adam", loss: "mse");
        model.Fit(Random(2, 8, 3), Random(3, 8, 2), batchSize: 4, epochs: 1, verbose: 0);
        model.SaveWeights(In("m.weights.h5"));

        string listing = H5py.Run("""
            import sys, h5py
            f = h5py.File(sys.argv[1], "r")
            def show(name, obj):
                if isinstance(obj, h5py.Dataset):
                    print(name, obj.shape, obj.dtype)
                else:
                    print(name, dict(obj.attrs).get("name", ""))
            f.visititems(show)
            """, In("m.weights.h5"));

        Assert.That(listing, Does.Contain("layers/dense/vars first\n")
            .And.Contain("layers/dense/vars/0 (3, 4) float32")
            .And.Contain("layers/dense/vars/1 (4,) float32")
            .And.Contain("layers/dropout/vars drop\n")
            .And.Contain("layers/dense_1/vars/0 (4, 2) float32")
            .And.Contain("optimizer/vars adam")
            .And.Contain("optimizer/vars/0 () int64")
            .And.Contain("optimizer/vars/1 () float32")
            .And.Contain("optimizer/vars/9 (2,) float32")
            .And.Contain("\nvars net\n"));
    }

    [Test]
    public void Save_KerasArchive_IsReadByPythonsZipfileJsonAndH5py()
    {
        var model = Functional();
        model.Compile(optimizer: "adam", loss: "mse");
        model.Fit(Random(4, 8, 6), Random(5, 8, 2), batchSize: 4, epochs: 1, verbose: 0);
        model.Save(In("m.keras"));

        // the steps of Keras' saving_lib.load_model: zipfile, json.loads of config.json, h5py on model.weights.h5
        string report = H5py.Run("""
            import sys, io, json, zipfile, h5py
            with zipfile.ZipFile(sys.argv[1]) as zf:
                assert zf.testzip() is None
                print("entries", zf.namelist())
                meta = json.loads(zf.read("metadata.json"))
                config = json.loads(zf.read("config.json"))
                print("version", meta["keras_version"], "date_saved" in meta)
                print("model", config["module"], config["class_name"], config["registered_name"])
                print("layers", [l["class_name"] for l in config["config"]["layers"]])
                print("compile", config["compile_config"]["optimizer"]["class_name"], config["compile_config"]["loss"])
                h5 = h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r")
                print("groups", sorted(k for k in h5["layers"].keys()))
                print("inner", sorted(h5["layers/sequential/layers"].keys()))
                print("iterations", h5["optimizer/vars/0"][()])
            """, In("m.keras"));

        Assert.That(report, Does.Contain("entries ['metadata.json', 'config.json', 'model.weights.h5']")
            .And.Contain("version 3.10.0 True")
            .And.Contain("model keras.src.models.functional Functional Functional")
            .And.Contain("'Concatenate'")
            .And.Contain("compile Adam mean_squared_error")
            .And.Contain("'concatenate'").And.Contain("'dense'").And.Contain("'dense_1'").And.Contain("'sequential'")
            .And.Contain("inner ['dense', 'dense_1']")
            .And.Contain("iterations 2"));
    }

    [Test]
    public void LoadWeights_ShapeMismatch_NamesTheLayerAndShapes_AndChangesNothing()
    {
        var source = new Sequential([new Input(shape: [3]), new Dense(4), new Dense(2)]);
        source.SaveWeights(In("m.weights.h5"));
        var target = new Sequential([new Input(shape: [3]), new Dense(4), new Dense(5)]);
        var before = target.GetWeights().Select(w => w.ToArray()).ToArray();

        var e = Assert.Throws<InvalidDataException>(() => target.LoadWeights(In("m.weights.h5")));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain($"Layer '{target.Layers[1].Name}'").And.Contain("(4, 5)").And.Contain("(4, 2)"));
            Assert.That(target.GetWeights().Select(w => w.ToArray()), Is.EqualTo(before), "a failed load leaves every weight as it was");
        });
    }

    [Test]
    public void LoadWeights_SkipMismatch_LoadsTheLayersThatFit()
    {
        var source = new Sequential([new Input(shape: [3]), new Dense(4), new Dense(2)]);
        source.SaveWeights(In("m.weights.h5"));
        var target = new Sequential([new Input(shape: [3]), new Dense(4), new Dense(5)]);
        var warnings = new StringWriter();

        using (Warnings.To(warnings))
        {
            target.LoadWeights(In("m.weights.h5"), skipMismatch: true);
        }

        Assert.Multiple(() =>
        {
            Assert.That(target.GetWeights()[0].ToArray(), Is.EqualTo(source.GetWeights()[0].ToArray()));
            Assert.That(warnings.ToString(), Does.Contain($"Skipping loading weights for layer '{target.Layers[1].Name}'"));
        });
    }

    [Test]
    public void LoadWeights_UnbuiltModel_SaysToBuildItFirst()
    {
        new Sequential([new Input(shape: [3]), new Dense(2)]).SaveWeights(In("m.weights.h5"));
        var unbuilt = new Sequential([new Dense(2)]);

        var e = Assert.Throws<InvalidOperationException>(() => unbuilt.LoadWeights(In("m.weights.h5")));

        Assert.That(e!.Message, Does.Contain("is not built yet"));
    }

    [Test]
    public void Save_UnknownExtension_FailsAsKerasDoes()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2)]);

        var e = Assert.Throws<ArgumentException>(() => model.Save(In("m.pt")));
        var w = Assert.Throws<ArgumentException>(() => model.SaveWeights(In("m.weights")));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith("Invalid filepath extension for saving.").And.Contain("m.pt"));
            Assert.That(w!.Message, Does.StartWith("The filename must end in `.weights.h5`"));
            Assert.That(Directory.GetFiles(Folder), Is.Empty);
        });
    }

    [Test]
    public void Save_OverwriteFalse_OnAnExistingFile_WritesNothing()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2)]);
        File.WriteAllText(In("m.keras"), "keep");

        Assert.Throws<IOException>(() => model.Save(In("m.keras"), overwrite: false));

        Assert.That(File.ReadAllText(In("m.keras")), Is.EqualTo("keep"));
    }

    [Test]
    public void Save_FailingMidway_LeavesThePreviousFileAndNoTemporaryFile()
    {
        var good = new Sequential([new Input(shape: [3]), new Dense(2)]);
        good.Save(In("m.keras"));
        byte[] saved = File.ReadAllBytes(In("m.keras"));
        var bad = new Sequential([new Input(shape: [3]), new Unconfigurable()]);

        Assert.Throws<NotSupportedException>(() => bad.Save(In("m.keras")));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(In("m.keras")), Is.EqualTo(saved));
            Assert.That(Directory.GetFiles(Folder).Select(Path.GetFileName), Is.EqualTo(new[] { "m.keras" }));
        });
    }

    [Test]
    public void CustomLayer_Registered_RoundTrips()
    {
        ObjectRegistry.RegisterLayer(nameof(Scale), c => new Scale(c["factor"]!.GetValue<float>(), LayerConfig.Name(c)));
        var model = new Sequential([new Input(shape: [3]), new Dense(2), new Scale(3f, "triple")]);
        var x = Random(5, 2, 3);

        model.Save(In("m.keras"));
        var loaded = Model.Load(In("m.keras"));

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Layers[1], Is.InstanceOf<Scale>());
            Assert.That(loaded.Predict(x, verbose: 0).ToArray(), Is.EqualTo(model.Predict(x, verbose: 0).ToArray()));
        });
    }

    [Test]
    public void ToJson_FromJson_RebuildsTheArchitecture()
    {
        var model = Functional();

        var copy = Model.FromJson(model.ToJson());

        Assert.Multiple(() =>
        {
            Assert.That(copy.ToJson(), Is.EqualTo(model.ToJson()));
            Assert.That(copy.CountParams(), Is.EqualTo(model.CountParams()));
        });
    }

    [TestCase("k2.2.2_elephas_model.model_config.json", 784, 10)]
    [TestCase("k2.2.4-tf_mlp_0.model_config.json", 3, 6)]
    [TestCase("k2.4.0_flatten_3d.model_config.json", 1000, 10)]
    public void FromJson_Keras2Config_BuildsTheModel(string file, int inputs, int outputs)
    {
        string json = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Saving", "Fixtures", file));

        var model = Model.FromJson(json);

        Assert.Multiple(() =>
        {
            Assert.That(model.Inputs[0].Shape.Dims.ToArray().Skip(1).Aggregate(1, (a, b) => a * b), Is.EqualTo(inputs));
            Assert.That(model.Outputs[0].Shape[^1], Is.EqualTo(outputs));
            Assert.That(Model.FromJson(model.ToJson()).ToJson(), Is.EqualTo(model.ToJson()), "written back as Keras 3 JSON, it reads the same");
        });
    }

    private static Tensor Inputs(int[] shape, Model model) =>
        model.Layers.OfType<Embedding>().Any()
            ? Tensor.FromArray([.. Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => (float)(i * 7 % 10))], shape)
            : Random(11, shape);

    /// <summary>A user layer with a config.</summary>
    private sealed class Scale(float factor, string? name) : Layer(name)
    {
        protected override Tensor Call(Tensor inputs, bool training) => inputs * factor;

        public override JsonObject GetConfig()
        {
            var config = base.GetConfig();
            config["factor"] = factor;
            return config;
        }
    }

    /// <summary>A user layer whose config cannot be written.</summary>
    private sealed class Unconfigurable() : Layer("unconfigurable")
    {
        protected override Tensor Call(Tensor inputs, bool training) => inputs;

        public override JsonObject GetConfig() => throw new NotSupportedException("Layer 'unconfigurable' has no config.");
    }
}
