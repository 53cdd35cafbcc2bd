using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Saving.LegacyH5;

namespace KerasSharp.Tests.Saving.LegacyH5;

/// <summary>Models saved in the legacy <c>.h5</c> format, read back by the library and by h5py.</summary>
public class LegacyH5RoundTripTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("legacyh5-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static Tensor X(int rows, int columns) =>
        Tensor.FromArray([.. Enumerable.Range(0, rows * columns).Select(i => MathF.Sin(0.1f * (i + 1)))], rows, columns);

    private static Tensor Y(int rows, int columns) =>
        Tensor.FromArray([.. Enumerable.Range(0, rows * columns).Select(i => MathF.Cos(0.3f * i))], rows, columns);

    private static Sequential SequentialModel() =>
        new([new Input(shape: [4]), new Dense(8, activation: "relu", name: "hidden"), new Dropout(0.25f, name: "dropout"), new Dense(3, activation: "softmax", name: "out")], name: "seq");

    private static Model FunctionalModel()
    {
        var input = Keras.Input(shape: [4], name: "features");
        var a = new Dense(6, activation: "tanh", name: "branch_a").Apply(input);
        var b = new Dense(6, activation: "relu", name: "branch_b").Apply(input);
        var merged = new Concatenate(name: "merge").Apply([a, b]);
        return new Model(input, new Dense(2, name: "head").Apply(merged), name: "func");
    }

    private static Model NestedModel()
    {
        var inner = new Sequential([new Input(shape: [5]), new Dense(5, activation: "relu", name: "dense"), new BatchNormalization(name: "batch_normalization"), new Dense(3, name: "dense_1")], name: "inner");
        var input = Keras.Input(shape: [4], name: "x");
        var pre = new Dense(5, name: "pre").Apply(input);
        return new Model(input, new Dense(2, name: "head").Apply(inner.Apply(pre)), name: "outer");
    }

    private static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData((Func<Model>)SequentialModel).SetArgDisplayNames("Sequential");
        yield return new TestCaseData((Func<Model>)FunctionalModel).SetArgDisplayNames("Functional");
        yield return new TestCaseData((Func<Model>)NestedModel).SetArgDisplayNames("Nested");
    }

    private static int Units(Model model) => model.Predict(X(1, 4), verbose: 0).Shape[^1];

    private static string ConfigOf(Model model) => ObjectRegistry.SerializeLayer(model).ToJsonString();

    [TestCaseSource(nameof(Models))]
    public void SaveLoad_TrainedModel_SamePredictionsConfigAndCompileState(Func<Model> factory)
    {
        var model = factory();
        model.Compile(new Adam(), "mse", ["mae"]);
        model.Fit(X(16, 4), Y(16, Units(model)), batchSize: 8, epochs: 1, verbose: 0, shuffle: false);
        string path = Path.Combine(_folder, "model.h5");
        LegacyH5Format.Save(model, path);
        var back = Warnings.Capture(() => LegacyH5Format.Load(path, new LoadOptions()), out string warnings);
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Is.Empty);
            Assert.That(back.GetType(), Is.EqualTo(model.GetType()));
            Assert.That(ConfigOf(back), Is.EqualTo(ConfigOf(model)));
            Assert.That(back.Predict(X(3, 4), verbose: 0).ToArray(), Is.EqualTo(model.Predict(X(3, 4), verbose: 0).ToArray()));
            Assert.That(back.IsCompiled, Is.True);
            Assert.That(back.Optimizer, Is.TypeOf<Adam>());
            Assert.That(back.Optimizer!.Iterations, Is.EqualTo(2));
        });
    }

    [TestCaseSource(nameof(Models))]
    public void SaveWeights_LoadWeightsIntoAFreshModel_SamePredictions(Func<Model> factory)
    {
        var model = factory();
        model.Compile(new SGD(), "mse");
        model.Fit(X(8, 4), Y(8, Units(model)), epochs: 1, verbose: 0, shuffle: false);
        string path = Path.Combine(_folder, "weights.h5");
        LegacyH5Format.SaveWeights(model, path);
        var fresh = factory();
        Assume.That(fresh.Predict(X(3, 4), verbose: 0).ToArray(), Is.Not.EqualTo(model.Predict(X(3, 4), verbose: 0).ToArray()));
        LegacyH5Format.LoadWeights(fresh, path, byName: false, skipMismatch: false);
        Assert.That(fresh.Predict(X(3, 4), verbose: 0).ToArray(), Is.EqualTo(model.Predict(X(3, 4), verbose: 0).ToArray()));
    }

    [Test]
    public void Save_NestedModel_H5pySeesKerasLayout()
    {
        var model = NestedModel();
        model.Compile(new Adam(), "mse");
        model.Fit(X(8, 4), Y(8, 2), epochs: 1, verbose: 0, shuffle: false);
        string path = Path.Combine(_folder, "nested.h5");
        LegacyH5Format.Save(model, path);
        string report = H5py.Run("""
            import sys, json, h5py
            f = h5py.File(sys.argv[1], 'r')
            s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
            print('root', sorted(f.attrs.keys()), s(f.attrs['keras_version']), s(f.attrs['backend']))
            print('config', json.loads(f.attrs['model_config'])['class_name'])
            print('training', sorted(json.loads(f.attrs['training_config']).keys()))
            w = f['model_weights']
            print('layers', [s(n) for n in w.attrs['layer_names']])
            for name in ('pre', 'inner'):
                names = [s(n) for n in w[name].attrs['weight_names']]
                print(name, names, [w[name][n].shape for n in names], [str(w[name][n].dtype) for n in names])
            o = f['optimizer_weights']
            names = [s(n) for n in o.attrs['weight_names']]
            print('optimizer', len(names), names[0], o[names[0]][()], str(o[names[0]].dtype))
            """, path);
        var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("root ['backend', 'keras_version', 'model_config', 'training_config'] 2.15.0 tensorflow"));
            Assert.That(lines[1], Is.EqualTo("config Functional"));
            Assert.That(lines[2], Is.EqualTo("training ['loss', 'loss_weights', 'metrics', 'optimizer_config', 'weighted_metrics']"));
            Assert.That(lines[3], Is.EqualTo("layers ['x', 'pre', 'inner', 'head']"));
            Assert.That(lines[4], Is.EqualTo("pre ['pre/kernel:0', 'pre/bias:0'] [(4, 5), (5,)] ['float32', 'float32']"));
            Assert.That(lines[5], Does.StartWith("inner ['dense/kernel:0', 'dense/bias:0', 'batch_normalization/gamma:0', 'batch_normalization/beta:0', "
                + "'dense_1/kernel:0', 'dense_1/bias:0', 'batch_normalization/moving_mean:0', 'batch_normalization/moving_variance:0']"));
            // Adam: iteration, learning rate, then two slots for each of the 10 trainable weights
            Assert.That(lines[6], Is.EqualTo("optimizer 22 adam/iteration 1 int64"));
        });
    }

    [Test]
    public void Save_ModelWithMoreThan64KBOfLayerNames_SplitsTheAttributeAndReadsBack()
    {
        // 300 layers with names of 250 characters: 75,000 bytes of names, more than one attribute holds
        var layers = new List<Layer> { new Input(shape: [2]) };
        for (int i = 0; i < 300; i++)
        {
            layers.Add(new Dense(2, name: $"layer_{i:D3}_".PadRight(250, 'x')));
        }
        var model = new Sequential(layers, name: "deep");
        string path = Path.Combine(_folder, "deep.h5");
        LegacyH5Format.Save(model, path);
        string report = H5py.Run("""
            import sys, h5py
            w = h5py.File(sys.argv[1], 'r')['model_weights']
            chunks = sorted(k for k in w.attrs.keys() if k.startswith('layer_names'))
            print(chunks, sum(len(w.attrs[k]) for k in chunks), max(w.attrs[k].nbytes for k in chunks) if chunks else 0)
            """, path);
        var back = LegacyH5Format.Load(path, new LoadOptions(Compile: false));
        Assert.Multiple(() =>
        {
            Assert.That(report.Trim(), Does.StartWith("['layer_names0', 'layer_names1'] 300 "));
            Assert.That(back.Layers.Select(l => l.Name), Is.EqualTo(model.Layers.Select(l => l.Name)));
            Assert.That(back.Predict(X(2, 2), verbose: 0).ToArray(), Is.EqualTo(model.Predict(X(2, 2), verbose: 0).ToArray()));
        });
    }

    [Test]
    public void SaveWeights_H5pySeesAWeightsOnlyFile()
    {
        var model = SequentialModel();
        string path = Path.Combine(_folder, "weights.h5");
        LegacyH5Format.SaveWeights(model, path);
        string report = H5py.Run("""
            import sys, h5py
            f = h5py.File(sys.argv[1], 'r')
            s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
            print(sorted(f.attrs.keys()), [s(n) for n in f.attrs['layer_names']], [s(n) for n in f['out'].attrs['weight_names']], f['out/out/kernel:0'].shape)
            """, path);
        Assert.That(report.Trim(), Is.EqualTo("['backend', 'keras_version', 'layer_names'] ['hidden', 'dropout', 'out'] ['out/kernel:0', 'out/bias:0'] (8, 3)"));
    }

    [Test]
    public void LoadWeights_ByName_LoadsMatchingLayersOfAnotherArchitecture()
    {
        var source = FunctionalModel();
        string path = Path.Combine(_folder, "weights.h5");
        LegacyH5Format.SaveWeights(source, path);
        // same names for branch_a and head, a new layer in between, no branch_b
        var input = Keras.Input(shape: [4], name: "features");
        var branchA = new Dense(6, activation: "tanh", name: "branch_a");
        var extra = new Dense(12, name: "extra");
        var head = new Dense(2, name: "head");
        var target = new Model(input, head.Apply(extra.Apply(branchA.Apply(input))));
        var extraBefore = extra.Kernel.Value.ToArray();
        LegacyH5Format.LoadWeights(target, path, byName: true, skipMismatch: false);
        Assert.Multiple(() =>
        {
            Assert.That(branchA.Kernel.Value.ToArray(), Is.EqualTo(source.GetLayer("branch_a").Weights[0].Value.ToArray()));
            Assert.That(head.Kernel.Value.ToArray(), Is.EqualTo(source.GetLayer("head").Weights[0].Value.ToArray()));
            Assert.That(extra.Kernel.Value.ToArray(), Is.EqualTo(extraBefore));
        });
    }

    [Test]
    public void LoadWeights_ByNameShapeMismatch_ThrowsOrSkipsWithWarning()
    {
        var source = FunctionalModel();
        string path = Path.Combine(_folder, "weights.h5");
        LegacyH5Format.SaveWeights(source, path);
        var input = Keras.Input(shape: [4], name: "features");
        var branchA = new Dense(7, name: "branch_a");   // 7 units instead of 6
        var head = new Dense(2, name: "head");
        var target = new Model(input, head.Apply(branchA.Apply(input)));   // head's kernel (7, 2) instead of (12, 2)
        var before = branchA.Kernel.Value.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => LegacyH5Format.LoadWeights(target, path, byName: true, skipMismatch: false));
        Assert.That(e!.Message, Does.Contain("Shape mismatch").And.Contain("branch_a").And.Contain(path));
        Warnings.Capture(() =>
        {
            LegacyH5Format.LoadWeights(target, path, byName: true, skipMismatch: true);
            return 0;
        }, out string warnings);
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Does.Contain("branch_a").And.Contain("head").And.Contain("mismatch in shape"));
            Assert.That(branchA.Kernel.Value.ToArray(), Is.EqualTo(before));
            // the biases whose shapes agree are loaded
            Assert.That(head.Bias!.Value.ToArray(), Is.EqualTo(source.GetLayer("head").Weights[1].Value.ToArray()));
        });
    }

    [Test]
    public void LoadWeights_ByOrderShapeMismatchWithSkip_LoadsTheOthers()
    {
        var source = SequentialModel();
        string path = Path.Combine(_folder, "weights.h5");
        LegacyH5Format.SaveWeights(source, path);
        var target = new Sequential([new Input(shape: [4]), new Dense(8, activation: "relu"), new Dropout(0.25f), new Dense(5)]);
        Assert.Throws<InvalidDataException>(() => LegacyH5Format.LoadWeights(target, path, byName: false, skipMismatch: false));
        Warnings.Capture(() =>
        {
            LegacyH5Format.LoadWeights(target, path, byName: false, skipMismatch: true);
            return 0;
        }, out string warnings);
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Does.Contain("mismatch in shape"));
            Assert.That(target.Layers[0].Weights[0].Value.ToArray(), Is.EqualTo(source.Layers[0].Weights[0].Value.ToArray()));
        });
    }

    [Test]
    public void ResumedFit_AfterSaveAndLoad_MatchesAnUninterruptedRunBitForBit()
    {
        var x = X(24, 4);
        var y = Y(24, 3);
        Model Fresh()
        {
            Keras.SetRandomSeed(1234);
            var model = new Sequential([new Input(shape: [4]), new Dense(8, activation: "relu"), new BatchNormalization(), new Dense(3)]);
            model.Compile(new Adam(learningRate: 0.01f), "mse", ["mae"]);
            return model;
        }
        var uninterrupted = Fresh();
        uninterrupted.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false);

        var first = Fresh();
        first.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, shuffle: false);
        string path = Path.Combine(_folder, "checkpoint.h5");
        LegacyH5Format.Save(first, path);
        var resumed = LegacyH5Format.Load(path, new LoadOptions());
        Assert.That(resumed.Optimizer!.Iterations, Is.EqualTo(6));
        resumed.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, shuffle: false);

        Assert.Multiple(() =>
        {
            Assert.That(resumed.Optimizer!.Iterations, Is.EqualTo(uninterrupted.Optimizer!.Iterations));
            for (int i = 0; i < uninterrupted.Weights.Count; i++)
            {
                Assert.That(resumed.Weights[i].Value.ToArray(), Is.EqualTo(uninterrupted.Weights[i].Value.ToArray()), uninterrupted.Weights[i].Path);
            }
            for (int i = 0; i < uninterrupted.Optimizer!.Variables.Count; i++)
            {
                Assert.That(resumed.Optimizer!.Variables[i].Value.ToArray(), Is.EqualTo(uninterrupted.Optimizer!.Variables[i].Value.ToArray()), uninterrupted.Optimizer!.Variables[i].Path);
            }
        });
    }

    [Test]
    public void Save_SubclassedModel_ThrowsNotSupported()
    {
        var model = new Subclassed();
        model.Apply(X(1, 4));
        var e = Assert.Throws<NotSupportedException>(() => LegacyH5Format.Save(model, Path.Combine(_folder, "sub.h5")));
        Assert.That(e!.Message, Does.Contain("subclassed"));
    }

    [Test]
    public void Load_KerasTwoOneBareListConfig_SavesBackAsADictionaryConfig()
    {
        var model = LegacyH5Format.Load(KerasFiles.PathOf("h5-full/k2.0.9_dl4j_optimizers_adam.h5"), new LoadOptions(Compile: false));
        string path = Path.Combine(_folder, "resaved.h5");
        LegacyH5Format.Save(model, path);
        var back = LegacyH5Format.Load(path, new LoadOptions(Compile: false));
        var expected = KerasFiles.ExpectedOf("h5-full/k2.0.9_dl4j_optimizers_adam.h5");
        KerasFiles.AssertMatches(back.Predict(expected.Input, verbose: 0), expected, "re-saved 2.0.9 file");
        string config = H5py.Run("import sys, h5py, json; print(type(json.loads(h5py.File(sys.argv[1], 'r').attrs['model_config'])['config']).__name__)", path);
        Assert.That(config.Trim(), Is.EqualTo("dict"));
    }

    private sealed class Subclassed : Model
    {
        private readonly Dense _dense = new(2);

        protected override Tensor Call(Tensor inputs, bool training) => _dense.Apply(inputs, training);
    }
}
