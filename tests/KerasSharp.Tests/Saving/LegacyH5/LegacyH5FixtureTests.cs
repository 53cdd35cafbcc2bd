using System.Globalization;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Saving.Hdf5;
using KerasSharp.Saving.LegacyH5;

namespace KerasSharp.Tests.Saving.LegacyH5;

/// <summary>The real Keras 2 and Keras 3 legacy <c>.h5</c> files of <c>Saving/KerasFiles</c>, loaded.</summary>
public class LegacyH5FixtureTests
{
    private const string Weights231 = "h5-weights/k2.3.1_dl4j_simple_sparse_xent_mlp_weights.h5";
    private const string Model231 = "h5-full/k2.3.1_dl4j_simple_sparse_xent_mlp_model.h5";
    private const string Oracle231 = "oracle/k2.3.1_dl4j_simple_sparse_xent_mlp_inputs_and_outputs.h5";

    private static IEnumerable<string> FullModels() => KerasFiles.WithExpectedOutputs("h5-full");

    private static readonly string[] s_withOptimizerWeights =
    [
        "h5-full/k2.10.0_handwritten-digit-tf_my_model.keras",
        "h5-full/k2.15.0_maternal-health_my_keras_model.h5",
        "h5-full/k3.10.0_ann-churn_model.h5",
        "h5-full/k3.13.2_mnist-cnn_best_model.h5",
        "h5-full/k3.14.0_mnist-app_model.h5",
    ];

    [TestCaseSource(nameof(FullModels))]
    public void Load_RealKerasFile_PredictsTheRecordedOutput(string relative)
    {
        var model = Warnings.Capture(() => LegacyH5Format.Load(KerasFiles.PathOf(relative), new LoadOptions()), out _);
        var expected = KerasFiles.ExpectedOf(relative);
        KerasFiles.AssertMatches(model.Predict(expected.Input, verbose: 0), expected, relative);
    }

    [TestCaseSource(nameof(FullModels))]
    public void Load_WithoutCompile_PredictsTheRecordedOutputUncompiled(string relative)
    {
        var model = Warnings.Capture(() => LegacyH5Format.Load(KerasFiles.PathOf(relative), new LoadOptions(Compile: false)), out string warnings);
        var expected = KerasFiles.ExpectedOf(relative);
        Assert.Multiple(() =>
        {
            Assert.That(model.IsCompiled, Is.False);
            Assert.That(warnings, Is.Empty);
        });
        KerasFiles.AssertMatches(model.Predict(expected.Input, verbose: 0), expected, relative);
    }

    [TestCaseSource(nameof(FullModels))]
    public void Load_FileWithTrainingConfig_CompilesAndEvaluates(string relative)
    {
        string path = KerasFiles.PathOf(relative);
        bool hasTrainingConfig;
        using (var file = H5Read.Open(path))
        {
            hasTrainingConfig = file.AttributeExists("training_config");
        }
        var model = Warnings.Capture(() => LegacyH5Format.Load(path, new LoadOptions()), out string warnings);
        Assert.That(model.IsCompiled, Is.EqualTo(hasTrainingConfig), warnings);
        if (!hasTrainingConfig)
        {
            Assert.That(warnings, Does.Contain("No training configuration found"));
            return;
        }
        // the compiled loss runs on the model's own predictions (sparse labels where the loss is sparse)
        var x = KerasFiles.ExpectedOf(relative).Input;
        var y = model.Predict(x, verbose: 0);
        var loss = model.CompileArguments.Loss!.Value[0]!;
        if (loss.GetType().Name.StartsWith("Sparse", StringComparison.Ordinal))
        {
            y = Tensor.FromArray([.. Enumerable.Range(0, y.Shape[0]).Select(i => (float)(i % y.Shape[^1]))], y.Shape[0]);
        }
        var logs = model.Evaluate(x, y, verbose: 0);
        Assert.That(float.IsFinite((float)logs["loss"]), Is.True, $"loss {logs["loss"]}");
    }

    [TestCaseSource(nameof(s_withOptimizerWeights))]
    public void Load_FileWithOptimizerWeights_RestoresIterationsAndSlots(string relative)
    {
        string path = KerasFiles.PathOf(relative);
        var model = Warnings.Capture(() => LegacyH5Format.Load(path, new LoadOptions()), out string warnings);
        // h5py: the iteration count and the sum of |value| over every other saved optimizer variable
        string[] saved = H5py.Run("""
            import sys, h5py, numpy as np
            g = h5py.File(sys.argv[1], 'r')['optimizer_weights']
            names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs['weight_names']]
            it = [n for n in names if n.split('/')[-1].split(':')[0] in ('iter', 'iteration')]
            rest = [n for n in names if n not in it and n.split('/')[-1].split(':')[0] != 'learning_rate']
            print(int(g[it[0]][()]), repr(float(sum(np.abs(g[n][()].astype(np.float64)).sum() for n in rest))))
            """, path).Split(' ', StringSplitOptions.TrimEntries);
        var optimizer = model.Optimizer!;
        double slots = optimizer.Variables.Skip(1).Where(v => v.Name != "learning_rate")
            .Sum(v => v.Value.ToArray().Sum(x => Math.Abs((double)x)));
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Does.Not.Contain("optimizer"), warnings);
            Assert.That(optimizer.Iterations, Is.EqualTo(long.Parse(saved[0], CultureInfo.InvariantCulture)));
            Assert.That(slots, Is.EqualTo(double.Parse(saved[1], CultureInfo.InvariantCulture)).Within(1e-5).Percent);
        });
    }

    [Test]
    public void Load_Keras231File_MatchesKerasOwnPredictions()
    {
        var model = Warnings.Capture(() => LegacyH5Format.Load(KerasFiles.PathOf(Model231), new LoadOptions()), out _);
        var (inputs, predictions) = Oracle();
        AssertClose(model.Predict(inputs, verbose: 0), predictions);
    }

    [Test]
    public void LoadWeights_Keras231WeightsFile_MatchesKerasOwnPredictions()
    {
        var model = Simple231();
        LegacyH5Format.LoadWeights(model, KerasFiles.PathOf(Weights231), byName: false, skipMismatch: false);
        var (inputs, predictions) = Oracle();
        AssertClose(model.Predict(inputs, verbose: 0), predictions);
        var expected = KerasFiles.ExpectedOf(Weights231);
        KerasFiles.AssertMatches(model.Predict(expected.Input, verbose: 0), expected, Weights231);
    }

    [Test]
    public void LoadWeights_Keras231WeightsFileByName_LoadsTheNamedLayer()
    {
        // extra layers without a saved counterpart keep their weights
        var input = Keras.Input(shape: [4]);
        var extra = new Dense(4, name: "extra_not_in_file");
        var dense = new Dense(3, name: LayerNameOf231());
        var output = new Activation("softmax").Apply(dense.Apply(extra.Apply(input)));
        var model = new Model(input, output);
        var before = extra.Kernel.Value.ToArray();
        LegacyH5Format.LoadWeights(model, KerasFiles.PathOf(Weights231), byName: true, skipMismatch: false);
        var reference = Simple231();
        LegacyH5Format.LoadWeights(reference, KerasFiles.PathOf(Weights231), byName: false, skipMismatch: false);
        var referenceDense = reference.Layers.OfType<Dense>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(extra.Kernel.Value.ToArray(), Is.EqualTo(before));
            Assert.That(dense.Kernel.Value.ToArray(), Is.EqualTo(referenceDense.Kernel.Value.ToArray()));
            Assert.That(dense.Bias!.Value.ToArray(), Is.EqualTo(referenceDense.Bias!.Value.ToArray()));
        });
    }

    [Test]
    public void LoadWeights_FullModelFile_ReadsItsModelWeights()
    {
        var model = Simple231();
        LegacyH5Format.LoadWeights(model, KerasFiles.PathOf(Model231), byName: false, skipMismatch: false);
        var (inputs, predictions) = Oracle();
        AssertClose(model.Predict(inputs, verbose: 0), predictions);
    }

    [Test]
    public void LoadWeights_ModelWithMoreLayers_ThrowsKerasCountMismatch()
    {
        var model = new Sequential([new Input(shape: [4]), new Dense(5), new Dense(3)]);
        var e = Assert.Throws<InvalidDataException>(() =>
            LegacyH5Format.LoadWeights(model, KerasFiles.PathOf(Weights231), byName: false, skipMismatch: false));
        Assert.That(e!.Message, Does.Contain("Layer count mismatch when loading weights from file").And.Contain("Model expected 2 layers, found 1 saved layers"));
    }

    [Test]
    public void LoadWeights_ShapeMismatchByNameWithSkip_WarnsAndKeepsTheWeights()
    {
        var dense = new Dense(7, name: LayerNameOf231());
        var model = new Sequential([new Input(shape: [4]), dense]);
        var before = dense.Kernel.Value.ToArray();
        Warnings.Capture(() =>
        {
            LegacyH5Format.LoadWeights(model, KerasFiles.PathOf(Weights231), byName: true, skipMismatch: true);
            return 0;
        }, out string warnings);
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Does.Contain("Skipping loading weights for layer #0").And.Contain("mismatch in shape"));
            Assert.That(dense.Kernel.Value.ToArray(), Is.EqualTo(before));
        });
        Assert.Throws<InvalidDataException>(() =>
            LegacyH5Format.LoadWeights(model, KerasFiles.PathOf(Weights231), byName: true, skipMismatch: false));
    }

    [Test]
    public void Load_WeightsOnlyFile_SaysToUseLoadWeights()
    {
        var e = Assert.Throws<InvalidDataException>(() => LegacyH5Format.Load(KerasFiles.PathOf(Weights231), new LoadOptions()));
        Assert.That(e!.Message, Does.Contain("No model config found").And.Contain("LoadWeights"));
    }

    [Test]
    public void IsLegacy_TellsLegacyFilesFromKeras3WeightsFiles()
    {
        bool Check(string relative)
        {
            using var file = H5Read.Open(KerasFiles.PathOf(relative));
            return LegacyH5Format.IsLegacy(file);
        }
        Assert.Multiple(() =>
        {
            Assert.That(Check(Model231), Is.True);
            Assert.That(Check(Weights231), Is.True);
            Assert.That(Check("h5-full/k3.10.0_ann-churn_model.h5"), Is.True);
            Assert.That(Check("h5-weights/k3.14.0_mnist-app_model.weights.h5"), Is.False);
            Assert.That(Check(Oracle231), Is.False);
        });
    }

    /// <summary>The 2.3.1 model (Dense(3) on 4 inputs, then softmax) built in C#.</summary>
    private static Sequential Simple231() =>
        new([new Input(shape: [4]), new Dense(3, name: LayerNameOf231()), new Activation("softmax")]);

    private static string LayerNameOf231()
    {
        using var file = H5Read.Open(KerasFiles.PathOf(Weights231));
        return H5Read.Strings(file, "layer_names", Weights231).First(n => H5Read.Strings((PureHDF.IH5Group)file.Get(n), "weight_names", Weights231).Count > 0);
    }

    /// <summary>The inputs and the predictions Keras 2.3.1 computed, stored beside the model.</summary>
    private static (Tensor Inputs, Tensor Predictions) Oracle()
    {
        string path = KerasFiles.PathOf(Oracle231);
        using var file = H5Read.Open(path);
        Tensor Read(string name)
        {
            var (values, shape) = H5Read.Floats((PureHDF.IH5Dataset)H5Read.Find(file, name)!, name, path);
            return Tensor.FromArray(values, shape);
        }
        return (Read("inputs/dense_1_input"), Read("predictions/activation_1"));
    }

    private static void AssertClose(Tensor actual, Tensor expected)
    {
        Assert.That(actual.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()));
        Assert.That(actual.ToArray(), Is.EqualTo(expected.ToArray()).Within(1e-5f));
    }
}
