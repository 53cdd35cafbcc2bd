using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models;

namespace KerasSharp.Tests.Training;

/// <summary>
/// A tensor user code can reach (made by or handed to a custom layer, loss, metric or activation) keeps its shape and
/// values for as long as it is held, across the steps of Fit, Evaluate and Predict.
/// </summary>
public class TensorLifetimeTests
{
    /// <summary>Tensors kept by user code, each with a copy of its shape and values taken when it was seen.</summary>
    private sealed class Keeper
    {
        private readonly List<(Tensor Tensor, Shape Shape, float[] Values)> _kept = [];

        public int Count => _kept.Count;

        public void Keep(Tensor t)
        {
            CheckAll();
            _kept.Add((t, t.Shape, t.ToArray()));
        }

        /// <summary>Counts the kept tensors whose shape or values changed since they were kept.</summary>
        public int Changed { get; private set; }

        public void CheckAll()
        {
            foreach (var (tensor, shape, values) in _kept)
            {
                if (tensor.Shape != shape || !tensor.ToArray().AsSpan().SequenceEqual(values))
                {
                    Changed++;
                }
            }
        }
    }

    /// <summary>A custom layer that keeps its input and output, as Keras code does to inspect activations.</summary>
    private sealed class Inspect(Keeper keeper) : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training)
        {
            var output = Ops.Multiply(inputs, Tensor.Scalar(2f));
            keeper.Keep(inputs);
            keeper.Keep(output);
            return output;
        }
    }

    private sealed class KeepingActivation(Keeper keeper) : ActivationFunction("keeping_tanh")
    {
        public override Tensor Call(Tensor x)
        {
            var y = Ops.Tanh(x);
            keeper.Keep(x);
            keeper.Keep(y);
            return y;
        }
    }

    private static (Tensor X, Tensor Y) Data()
    {
        var rng = new Rng(8);
        var x = new float[40, 6];
        var y = new float[40, 1];
        for (int i = 0; i < 40; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                x[i, j] = rng.Uniform(-1, 1);
            }
            y[i, 0] = x[i, 0] > 0 ? 1 : 0;
        }
        return (x, y);
    }

    [Test]
    public void CustomLayer_KeptTensors_KeepShapeAndValuesThroughFitEvaluateAndPredict()
    {
        var keeper = new Keeper();
        var model = new Sequential([new Input(shape: [6]), new Dense(8, activation: "relu"), new Inspect(keeper), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"]);
        var (x, y) = Data();
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, validationSplit: 0.25);
        model.Evaluate(x, y, batchSize: 8, verbose: 0);
        model.Predict(x, batchSize: 8, verbose: 0);
        keeper.CheckAll();
        Assert.Multiple(() =>
        {
            Assert.That(keeper.Count, Is.GreaterThan(20), "the layer was called on every batch");
            Assert.That(keeper.Changed, Is.Zero, "no kept tensor changed, during the steps or after them");
        });
    }

    [Test]
    public void CustomLoss_AndMetric_KeptTensors_DoNotChange()
    {
        var keeper = new Keeper();
        var loss = new LossFunctionWrapper((t, p) =>
        {
            keeper.Keep(t);
            keeper.Keep(p);
            var l = Ops.Square(Ops.Subtract(t, p));
            keeper.Keep(l);
            return l;
        }, name: "kept_mse");
        var metric = new MeanMetricWrapper((t, p) =>
        {
            keeper.Keep(p);
            return Ops.Abs(Ops.Subtract(t, p));
        }, "kept_mae");
        var model = new Sequential([new Input(shape: [6]), new Dense(4, activation: "relu"), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: loss, metrics: [metric]);
        var (x, y) = Data();
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        model.Evaluate(x, y, batchSize: 8, verbose: 0);
        keeper.CheckAll();
        Assert.Multiple(() =>
        {
            Assert.That(keeper.Count, Is.GreaterThan(30));
            Assert.That(keeper.Changed, Is.Zero);
        });
    }

    [Test]
    public void CustomActivation_KeptTensors_DoNotChange()
    {
        var keeper = new Keeper();
        var model = new Sequential([new Input(shape: [6]), new Dense(4, activation: new KeepingActivation(keeper)), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var (x, y) = Data();
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        model.Predict(x, batchSize: 8, verbose: 0);
        keeper.CheckAll();
        Assert.Multiple(() =>
        {
            Assert.That(keeper.Count, Is.GreaterThan(20));
            Assert.That(keeper.Changed, Is.Zero);
        });
    }

    [Test]
    public void ActivationFromFunction_KeptTensors_DoNotChange()
    {
        var keeper = new Keeper();
        var act = ActivationFunction.FromFunction("kept_relu", x =>
        {
            var y = Ops.Relu(x);
            keeper.Keep(y);
            return y;
        });
        var model = new Sequential([new Input(shape: [6]), new Dense(4, activation: act), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var (x, y) = Data();
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        keeper.CheckAll();
        Assert.Multiple(() =>
        {
            Assert.That(keeper.Count, Is.EqualTo(10));
            Assert.That(keeper.Changed, Is.Zero);
        });
    }

    [Test]
    public void ResultsHandedToTheUser_DoNotChangeWhenTheModelRunsAgain()
    {
        var model = new Sequential([new Input(shape: [6]), new Dense(4, activation: "relu"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"]);
        var (x, y) = Data();
        var prediction = model.Predict(x, batchSize: 8, verbose: 0);
        var onBatch = model.PredictOnBatch(x);
        var trained = model.TrainOnBatch(x, y);
        var evaluated = model.Evaluate(x, y, verbose: 0);
        var (p, b, t, e) = (prediction.ToArray(), onBatch.ToArray(), trained.ToArray(), evaluated.ToArray());
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        model.Predict(x, batchSize: 8, verbose: 0);
        model.Evaluate(x, y, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(prediction.ToArray(), Is.EqualTo(p));
            Assert.That(onBatch.ToArray(), Is.EqualTo(b));
            Assert.That(trained.ToArray(), Is.EqualTo(t));
            Assert.That(evaluated.ToArray(), Is.EqualTo(e));
        });
    }

    [Test]
    public void LayerCalledDirectly_InsideAStepOfAnotherModel_KeepsItsOutput()
    {
        // A custom layer that runs a whole built-in model on its input (a nested feature extractor called by hand).
        var keeper = new Keeper();
        var inner = new Sequential([new Input(shape: [6]), new Dense(6, activation: "tanh")]);
        var outer = new Sequential([new Input(shape: [6]), new Wrap(inner, keeper), new Dense(1)]);
        outer.Compile(optimizer: "sgd", loss: "mse");
        var (x, y) = Data();
        outer.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        keeper.CheckAll();
        Assert.Multiple(() =>
        {
            // 5 batches in each of 2 epochs, plus the run on zeros that finds the layer's output shape when the model is built
            Assert.That(keeper.Count, Is.EqualTo(5 * 2 + 1));
            Assert.That(keeper.Changed, Is.Zero);
        });
    }

    private sealed class Wrap(Layer inner, Keeper keeper) : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training)
        {
            var y = inner.Apply(inputs, training);
            keeper.Keep(y);
            return y;
        }
    }
}
