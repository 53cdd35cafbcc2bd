using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;
using NUnit.Framework;

namespace KerasSharp.Tests.Saving.Keras3;

/// <summary>User losses and metrics round-trip through a saved model once registered, or with custom objects for one load.</summary>
[TestFixture]
public sealed class CustomObjectTests : TempFolderTest
{
    private static Model Compiled(Loss loss, Metric metric)
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: loss, metrics: [metric]);
        return model;
    }

    [TestCase("m.keras")]
    [TestCase("m.h5")]
    public void RegisteredLossAndMetric_RoundTripWithTheirConfig(string file)
    {
        ObjectRegistry.Register(nameof(ScaledSquaredError), c => new ScaledSquaredError(c["scale"]!.GetValue<double>()));
        ObjectRegistry.Register(nameof(LargestError), c => new LargestError(c["name"]!.GetValue<string>()));
        var model = Compiled(new ScaledSquaredError(2.5), new LargestError("worst"));

        model.Save(In(file));
        var loaded = Model.Load(In(file));

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Loss, Is.InstanceOf<ScaledSquaredError>());
            Assert.That(((ScaledSquaredError)loaded.Loss!).Scale, Is.EqualTo(2.5));
            Assert.That(loaded.Metrics.OfType<LargestError>().Single().Name, Is.EqualTo("worst"));
        });
    }

    [Test]
    public void CustomObjects_ForOneLoad_RebuildTheLoss()
    {
        var model = Compiled(new ScaledSquaredError(4), new LargestError("worst"));
        model.Save(In("m.keras"));
        var custom = new Dictionary<string, Func<JsonObject, object>>
        {
            ["ScaledSquaredError"] = c => new ScaledSquaredError(c["scale"]!.GetValue<double>()),
            ["LargestError"] = c => new LargestError(c["name"]!.GetValue<string>()),
        };

        var loaded = Model.Load(In("m.keras"), customObjects: custom);

        Assert.That(((ScaledSquaredError)loaded.Loss!).Scale, Is.EqualTo(4));
    }

    [Test]
    public void UnregisteredLoss_FailsNamingItAndTheWayOut()
    {
        var model = Compiled(new UnknownLoss(), new LargestError("worst"));
        model.Save(In("m.keras"));

        var e = Assert.Throws<NotSupportedException>(() => Model.Load(In("m.keras")));
        var uncompiled = Model.Load(In("m.keras"), compile: false);

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("UnknownLoss").And.Contain("m.keras").And.Contain("compile: false"));
            Assert.That(uncompiled.IsCompiled, Is.False);
        });
    }

    private sealed class ScaledSquaredError(double scale) : Loss("scaled_squared_error")
    {
        public double Scale { get; } = scale;

        public override Tensor Call(Tensor yTrue, Tensor yPred) => Ops.Mean((yPred - yTrue) * (yPred - yTrue) * (float)Scale, -1);

        public override JsonObject GetConfig()
        {
            var config = base.GetConfig();
            config["scale"] = Scale;
            return config;
        }
    }

    private sealed class UnknownLoss() : Loss("unknown_loss")
    {
        public override Tensor Call(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Abs(yPred - yTrue), -1);
    }

    private sealed class LargestError(string name) : Metric(name)
    {
        private double _largest;

        public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
        {
            var t = yTrue.ToArray();
            var p = yPred.ToArray();
            for (int i = 0; i < t.Length; i++)
            {
                _largest = Math.Max(_largest, Math.Abs(t[i] - p[i]));
            }
        }

        public override double Result() => _largest;

        public override void ResetState() => _largest = 0;
    }
}
