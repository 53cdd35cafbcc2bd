using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Saving.Keras3;
using KerasSharp.Tests.Testing;
using NUnit.Framework;

namespace KerasSharp.Tests.Saving.LegacyH5;

/// <summary>Models saved in Keras 2's <c>.h5</c> format come back whole, and the file has the layout Keras' legacy loader reads.</summary>
[TestFixture]
public sealed class LegacyH5RoundTripTests : TempFolderTest
{
    private static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData((Func<Model>)(() => new Sequential([new Input(shape: [6]), new Dense(5, activation: "relu"), new Dropout(0.5f), new Dense(3, activation: "softmax")])), new[] { 4, 6 })
            .SetName("Sequential_Dense");
        yield return new TestCaseData((Func<Model>)(() => new Sequential([new Input(shape: [8, 8, 2]), new Conv2D(3, 3), new BatchNormalization(), new Flatten(), new Dense(2)])), new[] { 3, 8, 8, 2 })
            .SetName("Sequential_ConvBatchNorm");
        yield return new TestCaseData((Func<Model>)(() => new Sequential([new Input(shape: [5, 3]), new Bidirectional(new LSTM(2, returnSequences: true)), new GRU(3)])), new[] { 2, 5, 3 })
            .SetName("Sequential_Recurrent");
        yield return new TestCaseData((Func<Model>)NestedFunctional, new[] { 3, 6 }).SetName("Functional_Nested");
    }

    private static Model NestedFunctional()
    {
        var inputs = new Input(shape: [6]);
        var inner = new Sequential([new Input(shape: [6]), new Dense(4, activation: "relu")], name: "inner_block");
        var merged = new Add().Apply([inner.Apply(inputs), new Dense(4).Apply(inputs)]);
        return new Model(inputs, new Dense(2).Apply(merged));
    }

    [TestCaseSource(nameof(Models))]
    public void SaveThenLoad_LegacyH5_PredictsTheSame(Func<Model> build, int[] inputShape)
    {
        var model = build();
        var x = KerasArchiveRoundTripTests.Random(9, inputShape);

        model.Save(In("m.h5"));
        var loaded = Model.Load(In("m.h5"));

        Assert.That(loaded.Predict(x, verbose: 0).ToArray(), Is.EqualTo(model.Predict(x, verbose: 0).ToArray()));
    }

    [TestCaseSource(nameof(Models))]
    public void SaveWeightsThenLoadWeights_LegacyLayout_PredictsTheSame(Func<Model> build, int[] inputShape)
    {
        var model = build();
        var fresh = build();
        var x = KerasArchiveRoundTripTests.Random(9, inputShape);

        model.SaveWeights(In("w.h5"));
        fresh.LoadWeights(In("w.h5"));

        Assert.That(fresh.Predict(x, verbose: 0).ToArray(), Is.EqualTo(model.Predict(x, verbose: 0).ToArray()));
    }

    [Test]
    public void ResumedTraining_FromALegacyH5File_ContinuesBitForBit()
    {
        var x = KerasArchiveRoundTripTests.Random(1, 32, 4);
        var y = KerasArchiveRoundTripTests.Random(2, 32, 2);
        Model Build()
        {
            var m = new Sequential([new Input(shape: [4]), new Dense(8, activation: "tanh", kernelInitializer: new KerasSharp.Initializers.GlorotUniform(seed: 5)), new Dense(2, kernelInitializer: new KerasSharp.Initializers.GlorotUniform(seed: 6))]);
            m.Compile(optimizer: new SGD(learningRate: 0.05, momentum: 0.9f), loss: "mse");
            return m;
        }
        var uninterrupted = Build();
        uninterrupted.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false);

        var first = Build();
        first.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, shuffle: false);
        first.Save(In("m.h5"));
        var resumed = Model.Load(In("m.h5"));
        resumed.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, shuffle: false);

        Assert.Multiple(() =>
        {
            Assert.That(resumed.Optimizer!.Iterations, Is.EqualTo(12));
            for (int i = 0; i < uninterrupted.Weights.Count; i++)
            {
                Assert.That(resumed.Weights[i].Value.ToArray(), Is.EqualTo(uninterrupted.Weights[i].Value.ToArray()), uninterrupted.Weights[i].Path);
            }
        });
    }

    [Test]
    public void Save_LegacyH5_HasKerasLayout_ReadByH5py()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(4, name: "hidden"), new Dense(2, name: "out")], name: "net");
        model.Compile(optimizer: "adam", loss: "mse");
        model.Fit(KerasArchiveRoundTripTests.Random(1, 8, 3), KerasArchiveRoundTripTests.Random(2, 8, 2), batchSize: 4, epochs: 1, verbose: 0);
        model.Save(In("m.h5"));

        string report = H5py.Run("""
            import sys, json, h5py
            f = h5py.File(sys.argv[1], "r")
            def text(v):
                return v.decode() if isinstance(v, bytes) else str(v)
            print("root", sorted(f.attrs.keys()))
            config = json.loads(text(f.attrs["model_config"]))
            print("model", config["class_name"], [l["class_name"] for l in config["config"]["layers"]])
            print("training", sorted(json.loads(text(f.attrs["training_config"])).keys()))
            mw = f["model_weights"]
            print("layer_names", [text(n) for n in mw.attrs["layer_names"]])
            print("hidden", [text(n) for n in mw["hidden"].attrs["weight_names"]], mw["hidden/hidden/kernel:0"].shape)
            print("optimizer", len(f["optimizer_weights"].attrs["weight_names"]))
            """, In("m.h5"));

        Assert.That(report, Does.Contain("root ['backend', 'keras_version', 'model_config', 'training_config']")
            .And.Contain("model Sequential ['InputLayer', 'Dense', 'Dense']")
            .And.Contain("training ['loss', 'loss_weights', 'metrics', 'optimizer_config', 'weighted_metrics']")
            .And.Contain("layer_names ['hidden', 'out']")
            .And.Contain("hidden ['hidden/kernel:0', 'hidden/bias:0'] (3, 4)")
            .And.Contain("optimizer 10"));
    }

    [Test]
    public void Save_ManyLayers_SplitsLayerNamesOver64KB_AndReadsBack()
    {
        // 1200 layers with 60-character names: layer_names is ~72 KB, over HDF5's 64 KB attribute limit
        var model = new Sequential([new Input(shape: [2])], name: "deep");
        for (int i = 0; i < 1200; i++)
        {
            model.Add(new Activation("linear", name: $"identity_layer_with_a_deliberately_long_name_number_{i:D5}"));
        }
        model.Add(new Dense(1, name: "head"));
        var x = KerasArchiveRoundTripTests.Random(3, 2, 2);

        model.Save(In("deep.h5"));
        var loaded = Model.Load(In("deep.h5"), compile: false);
        string attributes = H5py.Run("""
            import sys, h5py
            f = h5py.File(sys.argv[1], "r")
            names = sorted(k for k in f["model_weights"].attrs.keys() if k.startswith("layer_names"))
            print(names[:3], sum(len(f["model_weights"].attrs[k]) for k in names))
            """, In("deep.h5"));

        Assert.Multiple(() =>
        {
            Assert.That(attributes, Does.StartWith("['layer_names0', 'layer_names1'"));
            Assert.That(attributes.Trim(), Does.EndWith(" 1201"), "every layer name across the chunks (a Sequential model's InputLayer is not listed, as in Keras)");
            Assert.That(loaded.Layers, Has.Count.EqualTo(1201));
            Assert.That(loaded.Predict(x, verbose: 0).ToArray(), Is.EqualTo(model.Predict(x, verbose: 0).ToArray()));
        });
    }
}
