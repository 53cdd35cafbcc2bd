using KerasSharp.Utils;
using KerasSharp.Callbacks;
using KerasSharp.Data;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Data;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Data.SourceTestData;

namespace KerasSharp.Tests.Training;

/// <summary>Fit, Evaluate and Predict over enumerables of batches (Keras' generator adapter), and steps with arrays.</summary>
public class DataSourceFitTests
{
    private static (TrainingHistory History, string Warnings) FitCapturingWarnings(Func<TrainingHistory> fit)
    {
        var warnings = new StringWriter();
        using (Warnings.To(warnings))
        {
            return (fit(), warnings.ToString());
        }
    }

    [Test]
    public void Fit_FiniteGenerator_TrainsBitForBitAsTheArrays()
    {
        var (x, y) = Arrays();
        var reference = Model();
        reference.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, shuffle: false);
        var model = Model();
        model.Fit(Batches(x, y, 8), epochs: 2, verbose: 0);
        Assert.That(Flat(model), Is.EqualTo(Flat(reference)));
    }

    [Test]
    public void Fit_InfiniteGeneratorWithStepsPerEpoch_TakesThatManyBatchesPerEpoch()
    {
        var (x, y) = Arrays();
        var probe = new StepAllocations();
        var (history, warnings) = FitCapturingWarnings(() => Model().Fit(Batches(x, y, 8, endless: true), epochs: 3, verbose: 0, stepsPerEpoch: 7, callbacks: [probe]));
        Assert.Multiple(() =>
        {
            Assert.That(probe.Bytes, Has.Count.EqualTo(21));
            Assert.That(history.History["loss"], Has.Count.EqualTo(3));
            Assert.That(warnings, Is.Empty);
        });
    }

    [Test]
    public void Fit_GeneratorRunsOutBeforeStepsPerEpoch_EndsTheEpochWithKerasWarning()
    {
        var (x, y) = Arrays();
        var probe = new StepAllocations();
        var (history, warnings) = FitCapturingWarnings(() => Model().Fit(Batches(x, y, 8), epochs: 2, verbose: 0, stepsPerEpoch: 8, callbacks: [probe]));
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Does.Contain("Your input ran out of data; interrupting training."));
            Assert.That(warnings, Does.Contain("`stepsPerEpoch * epochs` batches"));
            // 5 batches per pass: each epoch ends early, and the next one starts a new pass
            Assert.That(probe.Bytes, Has.Count.EqualTo(10));
            Assert.That(history.History["loss"], Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Fit_StepsPerEpochBelowThePass_GoesOnWhereThePreviousEpochStopped()
    {
        var (x, y) = Arrays();
        var seen = new List<int>();
        IEnumerable<(Tensor X, Tensor Y)> Numbered()
        {
            int i = 0;
            foreach (var batch in Batches(x, y, 8))
            {
                seen.Add(i++);
                yield return batch;
            }
        }
        var (_, warnings) = FitCapturingWarnings(() => Model().Fit(Numbered(), epochs: 3, verbose: 0, stepsPerEpoch: 3));
        // epoch 1: batches 0-2; epoch 2: 3, 4, then the pass runs out (warning); epoch 3: a new pass, 0-2
        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 0, 1, 2 }));
            Assert.That(warnings, Does.Contain("ran out of data"));
        });
    }

    [Test]
    public void Fit_ArraysWithStepsPerEpoch_BatchSizeFromTheSteps()
    {
        var (x, y) = Arrays();
        var probe = new StepAllocations();
        var reference = Model();
        reference.Fit(x, y, batchSize: 10, epochs: 1, verbose: 0, shuffle: false);
        var model = Model();
        // as Keras: without batchSize, 40 samples in 4 steps are batches of 10
        model.Fit(x, y, epochs: 1, verbose: 0, shuffle: false, stepsPerEpoch: 4, callbacks: [probe]);
        Assert.Multiple(() =>
        {
            Assert.That(probe.Bytes, Has.Count.EqualTo(4));
            Assert.That(Flat(model), Is.EqualTo(Flat(reference)));
        });
    }

    [Test]
    public void Fit_ArraysWithMoreStepsThanBatches_WarnsAndEndsTheEpoch()
    {
        var (x, y) = Arrays();
        var probe = new StepAllocations();
        var (_, warnings) = FitCapturingWarnings(() => Model().Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, stepsPerEpoch: 9, callbacks: [probe]));
        Assert.Multiple(() =>
        {
            Assert.That(probe.Bytes, Has.Count.EqualTo(5));
            Assert.That(warnings, Does.Contain("ran out of data"));
        });
    }

    [Test]
    public void Fit_ValidationDataAsSourceWithValidationSteps_EvaluatesThatManyBatches()
    {
        var (x, y) = Arrays();
        var (xv, yv) = Arrays(24, seed: 9);
        var model = Model();
        var history = model.Fit(Batches(x, y, 8), epochs: 2, verbose: 0,
            validationData: ValidationData.FromSource(Batches(xv, yv, 8, endless: true)), validationSteps: 2);
        // every validation starts from the first batch: the first 16 samples
        var expected = model.Evaluate(Ops.SliceRows(xv, 0, 16), Ops.SliceRows(yv, 0, 16), batchSize: 8, verbose: 0)["loss"];
        Assert.That(history.History["val_loss"][^1], Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void Fit_ValidationArraysWithValidationSteps_EvaluatesThatManyBatches()
    {
        var (x, y) = Arrays();
        var (xv, yv) = Arrays(24, seed: 9);
        var model = Model();
        var history = model.Fit(Batches(x, y, 8), epochs: 1, verbose: 0, validationData: (xv, yv), validationBatchSize: 8, validationSteps: 1);
        var expected = model.Evaluate(Ops.SliceRows(xv, 0, 8), Ops.SliceRows(yv, 0, 8), verbose: 0)["loss"];
        Assert.That(history.History["val_loss"][0], Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void Fit_ValidationFreq2_ValidatesEverySecondEpoch()
    {
        var (x, y) = Arrays();
        var (xv, yv) = Arrays(16, seed: 9);
        var epochs = new List<bool>();
        var recorder = new EpochKeys(epochs);
        var history = Model().Fit(x, y, batchSize: 8, epochs: 5, verbose: 0, validationData: (xv, yv), validationFreq: 2, callbacks: [recorder]);
        Assert.Multiple(() =>
        {
            Assert.That(epochs, Is.EqualTo(new[] { false, true, false, true, false }));
            Assert.That(history.History["loss"], Has.Count.EqualTo(5));
            Assert.That(history.History["val_loss"], Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Fit_ValidationFreqZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Model().Fit(Arrays().X, Arrays().Y, verbose: 0, validationFreq: 0));

    [Test]
    public void Fit_EmptyGenerator_ThrowsKerasError()
    {
        var error = Assert.Throws<ArgumentException>(() => Model().Fit(Enumerable.Empty<(Tensor X, Tensor Y)>(), verbose: 0));
        Assert.That(error!.Message, Does.Contain("must yield at least one batch"));
    }

    [Test]
    public void Evaluate_Source_MatchesTheArrays()
    {
        var (x, y) = Arrays();
        var model = Model();
        var arrays = model.Evaluate(x, y, batchSize: 8, verbose: 0);
        var source = model.Evaluate(Batches(x, y, 8), verbose: 0);
        var dataset = model.Evaluate(new ArrayBatches(x, y, 8, workers: 2), verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(source["loss"], Is.EqualTo(arrays["loss"]));
            Assert.That(dataset["loss"], Is.EqualTo(arrays["loss"]));
        });
    }

    [Test]
    public void Evaluate_ArraysWithSteps_EvaluatesThatManyBatches()
    {
        var (x, y) = Arrays();
        var model = Model();
        var expected = model.Evaluate(Ops.SliceRows(x, 0, 16), Ops.SliceRows(y, 0, 16), verbose: 0)["loss"];
        Assert.That(model.Evaluate(x, y, batchSize: 8, verbose: 0, steps: 2)["loss"], Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void Predict_Source_ConcatenatesTheBatchesOutputs()
    {
        var (x, y) = Arrays();
        var model = Model();
        var expected = model.Predict(x, verbose: 0).ToArray();
        var fromPairs = model.Predict(Batches(x, y, 16), verbose: 0);
        var fromInputs = model.Predict(Batches(x, y, 16).Select(b => (Batch)b.X), verbose: 0, steps: 2);
        Assert.Multiple(() =>
        {
            Assert.That(fromPairs.Shape.Dims.ToArray(), Is.EqualTo(new[] { 40, 1 }));
            Assert.That(fromPairs.ToArray(), Is.EqualTo(expected).Within(1e-6));
            Assert.That(fromInputs.ToArray(), Is.EqualTo(expected[..32]).Within(1e-6));
        });
    }

    [Test]
    public void Fit_MultiInputFunctionalModel_FromSource_TrainsAsTheArrays()
    {
        var (x, y) = Arrays();
        var values = x.ToArray();
        Tensor Columns(int first) => Tensor.FromArray([.. Enumerable.Range(0, 40 * 2).Select(i => values[i / 2 * 4 + first + i % 2])], 40, 2);
        var a = Columns(0);
        var b = Columns(2);
        Model Make()
        {
            Keras.SetRandomSeed(3);
            var left = new Input(shape: [2], name: "left");
            var right = new Input(shape: [2], name: "right");
            var merged = new Concatenate().Apply([new Dense(2).Apply(left), new Dense(2).Apply(right)]);
            var model = new Model([left, right], new Dense(1).Apply(merged));
            model.Compile(optimizer: new SGD(learningRate: 0.05), loss: "mse");
            return model;
        }
        var reference = Make();
        reference.Fit([a, b], y, batchSize: 10, epochs: 2, verbose: 0, shuffle: false);
        IEnumerable<(Tensors X, Tensors Y)> Pairs()
        {
            for (int start = 0; start < 40; start += 10)
            {
                yield return (new Dictionary<string, Tensor> { ["left"] = Ops.SliceRows(a, start, 10), ["right"] = Ops.SliceRows(b, start, 10) },
                    Ops.SliceRows(y, start, 10));
            }
        }
        var model = Make();
        model.Fit(Pairs(), epochs: 2, verbose: 0);
        var predicted = model.Predict(Pairs().Select(p => new Batch(p.X)), verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(Flat(model), Is.EqualTo(Flat(reference)));
            Assert.That(predicted.ToArray(), Is.EqualTo(model.Predict([a, b], verbose: 0).ToArray()).Within(1e-6));
        });
    }

    [Test]
    public void Fit_SourceOfUnknownSize_ProgressBarCountsUnknownThenKnowsTheSteps()
    {
        var (x, y) = Arrays();
        var output = new StringWriter();
        Model().Fit(Batches(x, y, 8), epochs: 2, verbose: 1, callbacks: [new ProgbarLogger(output, dynamicDisplay: false)]);
        var lines = output.ToString().Split('\n');
        Assert.Multiple(() =>
        {
            // the first epoch's bar learns the size at its end, as Keras' ProgbarLogger does
            Assert.That(lines[0], Is.EqualTo("Epoch 1/2"));
            Assert.That(lines[1], Does.StartWith("5/5 "));
            Assert.That(lines[3], Does.StartWith("5/5 "));
        });
    }

    [Test]
    public void Fit_PyDatasetWithPreparedBatches_AllocatesNothingPerStep()
    {
        var (x, y) = Arrays();
        var probe = new StepAllocations();
        Model().Fit(new Prepared(x, y), epochs: 3, verbose: 0, shuffle: false, callbacks: [probe]);
        Assert.That(probe.Bytes[^4..], Is.All.EqualTo(0));
    }

    /// <summary>Records whether each epoch's logs have <c>val_loss</c>.</summary>
    private sealed class EpochKeys(List<bool> epochs) : Callback
    {
        public override void OnEpochEnd(int epoch, Logs logs) => epochs.Add(logs.ContainsKey("val_loss"));
    }

    /// <summary>Batches made once, handed out again every epoch.</summary>
    private sealed class Prepared(Tensor x, Tensor y) : PyDataset
    {
        private readonly Batch[] _batches = [.. Enumerable.Range(0, 4).Select(i => (Batch)(Ops.SliceRows(x, i * 10, 10), Ops.SliceRows(y, i * 10, 10)))];

        public override int? Count => _batches.Length;

        public override Batch this[int index] => _batches[index];
    }
}
