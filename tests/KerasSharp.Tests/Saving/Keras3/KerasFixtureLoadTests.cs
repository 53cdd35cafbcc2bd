using KerasSharp.Layers;
using KerasSharp.Models;
using NUnit.Framework;

namespace KerasSharp.Tests.Saving.Keras3;

/// <summary>Real files written by Keras 2.15–3.15 load through <see cref="Model.Load"/> and predict their recorded outputs.</summary>
[TestFixture]
public sealed class KerasFixtureLoadTests
{
    private static IEnumerable<string> Archives() => KerasFiles.WithExpectedOutputs("keras-zip");

    [TestCaseSource(nameof(Archives))]
    public void Load_RealKerasArchive_PredictsTheRecordedOutput(string fixture)
    {
        var model = Model.Load(KerasFiles.PathOf(fixture));
        var expected = KerasFiles.ExpectedOf(fixture);

        KerasFiles.AssertMatches(model.Predict(expected.Input, verbose: 0), expected, fixture);
    }

    [TestCaseSource(nameof(Archives))]
    public void Load_RealKerasArchive_RestoresTheCompileConfiguration(string fixture)
    {
        var model = Model.Load(KerasFiles.PathOf(fixture));

        Assert.Multiple(() =>
        {
            Assert.That(model.IsCompiled, Is.True, "every archive here was saved from a compiled model");
            Assert.That(model.Optimizer!.GetType().Name, Is.EqualTo("Adam"));
        });
    }

    [Test]
    public void Load_Keras310Archive_RestoresTheOptimizerState()
    {
        // the file's optimizer/vars/0 is the iteration count Keras saved
        using var h5 = PureHDF.H5File.OpenRead(ExtractWeights("keras-zip/k3.10.0_ann-churn_model.keras"));
        long saved = ((PureHDF.IH5Dataset)h5.Get("optimizer/vars/0")).Read<long>();

        var model = Model.Load(KerasFiles.PathOf("keras-zip/k3.10.0_ann-churn_model.keras"));

        Assert.Multiple(() =>
        {
            Assert.That(saved, Is.GreaterThan(0));
            Assert.That(model.Optimizer!.Iterations, Is.EqualTo(saved));
            Assert.That(model.Optimizer.Variables.Skip(2).Any(v => v.Value.Span.ToArray().Any(x => x != 0)), Is.True, "Adam's moments are restored");
        });
    }

    [Test]
    public void Load_WithoutCompile_LeavesTheModelUncompiled()
    {
        var model = Model.Load(KerasFiles.PathOf("keras-zip/k3.14.0_mnist-app_model.keras"), compile: false);

        Assert.That(model.IsCompiled, Is.False);
    }

    [Test]
    public void Load_LegacyHdf5FileNamedDotKeras_IsToldByItsBytes()
    {
        const string fixture = "h5-full/k2.10.0_handwritten-digit-tf_my_model.keras";
        var model = Model.Load(KerasFiles.PathOf(fixture));
        var expected = KerasFiles.ExpectedOf(fixture);

        KerasFiles.AssertMatches(model.Predict(expected.Input, verbose: 0), expected, fixture);
    }

    [Test]
    public void LoadWeights_Keras3WeightsFile_IntoTheSameArchitecture_PredictsTheRecordedOutput()
    {
        const string fixture = "h5-weights/k3.14.0_mnist-app_model.weights.h5";
        var model = Model.Load(KerasFiles.PathOf("keras-zip/k3.14.0_mnist-app_model.keras"), compile: false);
        var fresh = Model.FromJson(model.ToJson());
        fresh.LoadWeights(KerasFiles.PathOf(fixture));
        var expected = KerasFiles.ExpectedOf(fixture);

        KerasFiles.AssertMatches(fresh.Predict(expected.Input, verbose: 0), expected, fixture);
    }

    [Test]
    public void LoadWeights_Keras3WeightsFile_WithItsJsonConfig_PredictsTheRecordedOutput()
    {
        const string fixture = "h5-weights/k3_diabetes_model.weights.h5";
        var model = Model.FromJson(File.ReadAllText(KerasFiles.PathOf("h5-weights/k3_diabetes_model.json")));
        model.LoadWeights(KerasFiles.PathOf(fixture));
        var expected = KerasFiles.ExpectedOf(fixture);

        KerasFiles.AssertMatches(model.Predict(expected.Input, verbose: 0), expected, fixture);
    }

    [Test]
    public void Load_SubclassedModelFromPython_FailsNamingTheClassAndHowToRegisterIt()
    {
        var e = Assert.Throws<NotSupportedException>(() => Model.Load(KerasFiles.PathOf("keras-zip/k3.15.0_keras-team_pre_pr22362_nested_container.keras")));

        Assert.That(e!.Message, Does.Contain("Could not locate class 'NestedDenseModel'")
            .And.Contain("legacy_nested_container>NestedDenseModel")
            .And.Contain("ObjectRegistry.RegisterLayer")
            .And.Contain("customObjects"));
    }

    [Test]
    public void Load_SubclassedModelFromPython_WithACustomObject_LoadsItsWeights()
    {
        // the Python class: three Dense(4, use_bias=False) in a list, then Dense(2); weights are documented constants
        var custom = new Dictionary<string, Func<System.Text.Json.Nodes.JsonObject, object>>
        {
            ["NestedDenseModel"] = _ => new NestedDenseModel(),
        };

        var model = Model.Load(KerasFiles.PathOf("keras-zip/k3.15.0_keras-team_pre_pr22362_nested_container.keras"), customObjects: custom);

        var weights = model.GetWeights();
        Assert.Multiple(() =>
        {
            Assert.That(weights, Has.Length.EqualTo(5));
            Assert.That(weights[0].ToArray(), Is.All.EqualTo(0.1f), "d_0's kernel");
            Assert.That(weights[1].ToArray(), Is.All.EqualTo(0.2f), "d_1's kernel");
            Assert.That(weights[2].ToArray(), Is.All.EqualTo(0.3f), "d_2's kernel");
            Assert.That(weights[3].ToArray(), Is.All.EqualTo(0.5f), "the output kernel");
        });
    }

    private static string ExtractWeights(string fixture)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ks-weights-{Guid.NewGuid():N}.h5");
        using var zip = System.IO.Compression.ZipFile.OpenRead(KerasFiles.PathOf(fixture));
        using (var source = zip.GetEntry("model.weights.h5")!.Open())
        using (var target = File.Create(path))
        {
            source.CopyTo(target);
        }
        return path;
    }

    /// <summary>The Python test's model: its Dense layers in a list, then an output layer.</summary>
    private sealed class NestedDenseModel : Model
    {
        private readonly Dense[] _dense;
        private readonly Dense _out;

        public NestedDenseModel() : base(name: "nested_dense_model")
        {
            _dense = [Track(new Dense(4, useBias: false, name: "d_0")), Track(new Dense(4, useBias: false, name: "d_1")), Track(new Dense(4, useBias: false, name: "d_2"))];
            _out = Track(new Dense(2, name: "dense"));
            EnsureBuilt(new KerasSharp.Engine.Shape(2, 4));
        }

        protected override KerasSharp.Engine.Tensor Call(KerasSharp.Engine.Tensor inputs, bool training)
        {
            var x = inputs;
            foreach (var d in _dense)
            {
                x = d.Apply(x, training);
            }
            return _out.Apply(x, training);
        }
    }
}
