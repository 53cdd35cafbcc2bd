using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Engine;

namespace KerasSharp.Tests.Models;

/// <summary>
/// Training a Functional model with several inputs and outputs, as Keras 3 does: losses, loss weights and metrics
/// per output, data as lists or dictionaries, Keras' log names, and the errors for data that does not fit the model.
/// </summary>
public class MultiInputOutputTests
{
    private const int N = 12;

    private static Tensor Random(int rows, int cols, int seed) => TestData.Uniform(seed, -1, 1, rows, cols);

    private static Tensor Binary(int rows, int seed) =>
        Tensor.FromArray([.. Random(rows, 1, seed).ToArray().Select(v => v > 0 ? 1f : 0f)], rows, 1);

    private static Tensor OneHot(int rows, int classes, int seed)
    {
        var draws = TestData.Uniform(seed, 0, classes, rows).ToArray();
        var values = new float[rows * classes];
        for (int i = 0; i < rows; i++)
        {
            values[i * classes + Math.Min((int)draws[i], classes - 1)] = 1;
        }
        return Tensor.FromArray(values, rows, classes);
    }

    private static readonly Tensor Titles = Random(N, 3, 1);
    private static readonly Tensor Bodies = Random(N, 2, 2);
    private static readonly Tensor Priorities = Binary(N, 3);
    private static readonly Tensor Departments = OneHot(N, 3, 4);

    private static Dictionary<string, Tensor> XDict => new() { ["title"] = Titles, ["body"] = Bodies };

    private static Dictionary<string, Tensor> YDict => new() { ["priority"] = Priorities, ["department"] = Departments };

    /// <summary>
    /// Two inputs, two outputs: title → Dense(4, tanh) → priority (Dense(1, sigmoid)); body → Dense(4, tanh) →
    /// department (Dense(3, softmax)). The same weights every time (seeded).
    /// </summary>
    private static Model Ticket()
    {
        Keras.SetRandomSeed(5);
        var title = new Input(shape: [3], name: "title");
        var body = new Input(shape: [2], name: "body");
        var titleFeatures = new Dense(4, activation: "tanh", name: "title_features").Apply(title);
        var bodyFeatures = new Dense(4, activation: "tanh", name: "body_features").Apply(body);
        var priority = new Dense(1, activation: "sigmoid", name: "priority").Apply(titleFeatures);
        var department = new Dense(3, activation: "softmax", name: "department").Apply(bodyFeatures);
        return new Model(inputs: [title, body], outputs: [priority, department], name: "ticket");
    }

    private static Model CompiledTicket(Optimizer? optimizer = null)
    {
        var model = Ticket();
        model.Compile(optimizer: optimizer ?? new SGD(learningRate: 0.1),
            loss: new Dictionary<string, Loss> { ["priority"] = "binary_crossentropy", ["department"] = "categorical_crossentropy" },
            lossWeights: new Dictionary<string, double> { ["priority"] = 1.0, ["department"] = 0.2 });
        return model;
    }

    private static float[] Flat(Model model) => [.. model.GetWeights().SelectMany(w => w.ToArray())];

    // ---------------------------------------------------------------------------------------------------------------
    // losses and their weights

    [Test]
    public void Evaluate_LossDictionaryWithWeights_TotalIsTheWeightedSumOfTheOutputLosses()
    {
        var model = CompiledTicket();
        var (p, d) = model.PredictMany([Titles, Bodies], verbose: 0);
        double priorityLoss = new KerasSharp.Losses.BinaryCrossentropy().Compute(Priorities, p).Item();
        double departmentLoss = new KerasSharp.Losses.CategoricalCrossentropy().Compute(Departments, d).Item();
        var logs = model.Evaluate(XDict, YDict, batchSize: N, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(logs.Keys, Is.EqualTo(new[] { "loss", "priority_loss", "department_loss" }));
            Assert.That(logs["priority_loss"], Is.EqualTo(priorityLoss).Within(1e-6), "unweighted, as Keras logs it");
            Assert.That(logs["department_loss"], Is.EqualTo(departmentLoss).Within(1e-6));
            Assert.That(logs.Loss, Is.EqualTo(1.0 * priorityLoss + 0.2 * departmentLoss).Within(1e-6));
        });
    }

    [Test]
    public void Evaluate_ListAndDictionaryLossWeights_GiveTheSameTotal()
    {
        var byName = CompiledTicket();
        var byPosition = Ticket();
        byPosition.Compile(optimizer: "sgd", loss: ["binary_crossentropy", "categorical_crossentropy"], lossWeights: [1.0, 0.2]);
        Assert.That(byPosition.Evaluate([Titles, Bodies], [Priorities, Departments], verbose: 0).ToArray(),
            Is.EqualTo(byName.Evaluate([Titles, Bodies], [Priorities, Departments], verbose: 0).ToArray()));
    }

    [Test]
    public void Evaluate_OneLossForEveryOutput_LogsEachOutputsLoss()
    {
        var model = Ticket();
        model.Compile(optimizer: "sgd", loss: "mse");
        var (p, d) = model.PredictMany([Titles, Bodies], verbose: 0);
        var logs = model.Evaluate([Titles, Bodies], [Priorities, Departments], batchSize: N, verbose: 0);
        double pl = new KerasSharp.Losses.MeanSquaredError().Compute(Priorities, p).Item();
        double dl = new KerasSharp.Losses.MeanSquaredError().Compute(Departments, d).Item();
        Assert.Multiple(() =>
        {
            Assert.That(logs.Keys, Is.EqualTo(new[] { "loss", "priority_loss", "department_loss" }));
            Assert.That(logs.Loss, Is.EqualTo(pl + dl).Within(1e-6));
            Assert.That(model.Loss, Is.InstanceOf<KerasSharp.Losses.MeanSquaredError>());
            Assert.That(model.OutputLoss, Has.Count.EqualTo(2).And.All.SameAs(model.Loss));
        });
    }

    [Test]
    public void Fit_OutputWithoutALoss_NeedsNoTarget_AndItsLayersDoNotTrain()
    {
        var model = Ticket();
        model.Compile(optimizer: new SGD(learningRate: 0.5), loss: ["binary_crossentropy", null]);
        var department = model.GetLayer("department").GetWeights()[0].ToArray();
        var priority = model.GetLayer("priority").GetWeights()[0].ToArray();
        // one target for the one output with a loss
        var history = model.Fit([Titles, Bodies], Priorities, epochs: 2, batchSize: 4, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(history.History.Keys, Is.EquivalentTo(new[] { "loss" }), "one loss: no <output>_loss keys, as in Keras");
            Assert.That(model.GetLayer("department").GetWeights()[0].ToArray(), Is.EqualTo(department));
            Assert.That(model.GetLayer("priority").GetWeights()[0].ToArray(), Is.Not.EqualTo(priority));
            Assert.That(model.Loss, Is.Null);
            Assert.That(model.OutputLoss[1], Is.Null);
        });
    }

    [Test]
    public void Fit_TargetsByName_MayLeaveOutAnOutputWithoutALoss()
    {
        var model = Ticket();
        model.Compile(optimizer: "sgd", loss: new Dictionary<string, Loss> { ["department"] = "categorical_crossentropy" });
        var logs = model.Evaluate(XDict, new Dictionary<string, Tensor> { ["department"] = Departments }, verbose: 0);
        var (_, d) = model.PredictMany(XDict, verbose: 0);
        Assert.That(logs.Loss, Is.EqualTo(new KerasSharp.Losses.CategoricalCrossentropy().Compute(Departments, d).Item()).Within(1e-6));
    }

    [Test]
    public void ComputeLoss_DictionariesInAnyOrder_AreReadByOutputName()
    {
        var model = CompiledTicket();
        var outputs = model.PredictManyOnBatch(XDict);
        float byPosition = model.ComputeLoss([Priorities, Departments], outputs).Item();
        float byName = model.ComputeLoss(new Dictionary<string, Tensor> { ["department"] = Departments, ["priority"] = Priorities },
            new Dictionary<string, Tensor> { ["department"] = outputs[1], ["priority"] = outputs[0] }).Item();
        Assert.That(byName, Is.EqualTo(byPosition));
    }

    [Test]
    public void Compile_OneOutputModel_TakesALossDictionaryKeyedByItsOutputName_AndPositionalArguments()
    {
        var inputs = new Input(shape: [3]);
        var model = new Model(inputs, new Dense(1, name: "score").Apply(inputs));
        model.Compile("sgd", new Dictionary<string, Loss> { ["score"] = "mse" }, ["mae"]);
        var logs = model.Evaluate(Titles, Priorities, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(logs.Keys, Is.EqualTo(new[] { "loss", "mae" }), "one output: no prefixes");
            Assert.That(model.Loss, Is.InstanceOf<KerasSharp.Losses.MeanSquaredError>());
            Assert.That(() => model.Compile("sgd", new Dictionary<string, Loss> { ["dense"] = "mse" }),
                Throws.ArgumentException.With.Message.StartWith("Expected keys ['score'] in loss dict, but found loss.keys()=['dense']"));
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // metrics and log names

    [Test]
    public void Evaluate_MetricsByOutputName_AreLoggedAsOutputMetric_InKerasEvaluateOrder()
    {
        var model = Ticket();
        model.Compile(optimizer: "sgd", loss: ["binary_crossentropy", "categorical_crossentropy"],
            metrics: new Dictionary<string, Metric[]> { ["priority"] = ["accuracy"], ["department"] = ["accuracy", "mse"] });
        var logs = model.Evaluate([Titles, Bodies], [Priorities, Departments], verbose: 0);
        var (p, d) = model.PredictMany([Titles, Bodies], verbose: 0);
        var mse = new KerasSharp.Metrics.MeanSquaredError();
        mse.UpdateState(Departments, d);
        var accuracy = new BinaryAccuracy();
        accuracy.UpdateState(Priorities, p);
        Assert.Multiple(() =>
        {
            // Keras' evaluate() list: loss, the per-output losses, then the prefixed metrics by name
            Assert.That(logs.Keys, Is.EqualTo(new[] { "loss", "priority_loss", "department_loss", "department_accuracy", "department_mse", "priority_accuracy" }));
            Assert.That(logs["department_mse"], Is.EqualTo(mse.Result()).Within(1e-6));
            Assert.That(logs["priority_accuracy"], Is.EqualTo(accuracy.Result()).Within(1e-9));
            Assert.That(model.Metrics.Select(m => m.GetType()), Is.EqualTo(new[] { typeof(BinaryAccuracy), typeof(CategoricalAccuracy), typeof(KerasSharp.Metrics.MeanSquaredError) }),
                "\"accuracy\" is resolved per output, from that output's shapes");
            Assert.That(model.Metrics.Select(m => m.Name), Is.EqualTo(new[] { "accuracy", "accuracy", "mse" }), "a metric keeps its own name");
        });
    }

    [Test]
    public void Fit_OutputsGivenAsADictionary_AreNamedByTheirKeys()
    {
        var title = new Input(shape: [3], name: "title");
        var model = new Model(title, new Dictionary<string, KerasTensor>
        {
            ["score"] = new Dense(1, activation: "sigmoid", name: "dense_score").Apply(title),
            ["kind"] = new Dense(3, activation: "softmax", name: "dense_kind").Apply(title),
        });
        model.Compile(optimizer: "sgd", loss: new Dictionary<string, Loss> { ["score"] = "binary_crossentropy", ["kind"] = "categorical_crossentropy" },
            metrics: new Dictionary<string, Metric> { ["kind"] = "accuracy" });
        var history = model.Fit(Titles, new Dictionary<string, Tensor> { ["score"] = Priorities, ["kind"] = Departments }, epochs: 1, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(model.OutputNames, Is.EqualTo(new[] { "kind", "score" }));
            Assert.That(history.History.Keys, Is.EquivalentTo(new[] { "loss", "kind_loss", "score_loss", "kind_accuracy" }));
            Assert.That(model.Evaluate(Titles, [Departments, Priorities], verbose: 0).Loss,
                Is.EqualTo(model.Evaluate(Titles, new Dictionary<string, Tensor> { ["score"] = Priorities, ["kind"] = Departments }, verbose: 0).Loss),
                "a list goes by position: the outputs are ordered by key");
        });
    }

    [Test]
    public void Compile_MetricListWithOneEntryPerOutput_AppliesByPosition()
    {
        var model = Ticket();
        model.Compile(optimizer: "sgd", loss: "mse", metrics: ["accuracy", ["mae", "mse"]]);
        var logs = model.Evaluate([Titles, Bodies], [Priorities, Departments], verbose: 0);
        Assert.That(logs.Keys, Is.EqualTo(new[] { "loss", "priority_loss", "department_loss", "department_mae", "department_mse", "priority_accuracy" }));
    }

    [Test]
    public void Compile_FlatMetricListForTwoOutputs_FailsAsInKeras3()
    {
        var model = Ticket();
        var e = Assert.Throws<ArgumentException>(() => model.Compile(optimizer: "sgd", loss: "mse", metrics: ["accuracy"]));
        Assert.That(e!.Message, Does.StartWith(
            "Invalid `metrics`. `metrics` should contain metrics objects and either be a dict or a list matching the output names of the functional model ['priority', 'department'] or match the output structure of the model: ['X', 'X'].\nReceived: metrics=['accuracy']"));
    }

    [Test]
    public void Compile_MetricsForAnUnknownOutput_Fail()
    {
        var model = Ticket();
        Assert.That(() => model.Compile(optimizer: "sgd", loss: "mse", metrics: new Dictionary<string, Metric> { ["dept"] = "accuracy" }),
            Throws.ArgumentException.With.Message.Contains("['priority', 'department']").And.Message.Contains("Received: metrics={'dept': 'accuracy'}"));
    }

    [Test]
    public void Fit_History_HasTheTotalThePerOutputLossesAndMetrics_AndTheirValTwins()
    {
        var model = CompiledTicket();
        model.Compile(optimizer: "sgd", loss: ["binary_crossentropy", "categorical_crossentropy"],
            metrics: new Dictionary<string, Metric> { ["department"] = "accuracy" });
        var history = model.Fit([Titles, Bodies], [Priorities, Departments], epochs: 2, batchSize: 4, verbose: 0, validationSplit: 0.25);
        string[] keys = ["loss", "priority_loss", "department_loss", "department_accuracy"];
        Assert.Multiple(() =>
        {
            Assert.That(history.History.Keys, Is.EquivalentTo(keys.Concat(keys.Select(k => "val_" + k))));
            Assert.That(history.History.Values, Has.All.Count.EqualTo(2));
        });
    }

    [Test]
    public void Fit_ValidationSplit_EvaluatesTheLastSamplesOfEveryArray()
    {
        var model = CompiledTicket(new SGD(learningRate: 0.0));
        var history = model.Fit(XDict, YDict, epochs: 1, verbose: 0, validationSplit: 0.25);
        var tail = model.Evaluate([Ops.SliceRows(Titles, 9, 3), Ops.SliceRows(Bodies, 9, 3)], [Ops.SliceRows(Priorities, 9, 3), Ops.SliceRows(Departments, 9, 3)], verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(history.History["val_loss"][0], Is.EqualTo(tail.Loss).Within(1e-6));
            Assert.That(history.History["val_department_loss"][0], Is.EqualTo(tail["department_loss"]).Within(1e-6));
        });
    }

    [Test]
    public void Fit_ValidationData_AsDictionaries()
    {
        var model = CompiledTicket(new SGD(learningRate: 0.0));
        var history = model.Fit([Titles, Bodies], [Priorities, Departments], epochs: 1, verbose: 0, validationData: (XDict, YDict));
        var expected = model.Evaluate(XDict, YDict, verbose: 0);
        Assert.That(history.History["val_priority_loss"][0], Is.EqualTo(expected["priority_loss"]).Within(1e-6));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // data as lists and dictionaries

    [Test]
    public void Fit_ListsAndDictionaries_TrainIdentically()
    {
        var byPosition = Ticket();
        byPosition.Compile(optimizer: new Adam(learningRate: 0.01), loss: ["binary_crossentropy", "categorical_crossentropy"], lossWeights: [1.0, 0.2]);
        byPosition.Fit([Titles, Bodies], [Priorities, Departments], epochs: 3, batchSize: 5, verbose: 0);
        var byName = CompiledTicket(new Adam(learningRate: 0.01));
        byName.Fit(XDict, YDict, epochs: 3, batchSize: 5, verbose: 0);
        var mixed = CompiledTicket(new Adam(learningRate: 0.01));
        mixed.Fit(XDict, [Priorities, Departments], epochs: 3, batchSize: 5, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(Flat(byName), Is.EqualTo(Flat(byPosition)), "the same shuffles and steps, bit for bit");
            Assert.That(Flat(mixed), Is.EqualTo(Flat(byPosition)));
            Assert.That(Flat(byName), Is.Not.EqualTo(Flat(Ticket())), "the model trained");
        });
    }

    [Test]
    public void Fit_InputDictionary_IgnoresKeysThatNameNoInput()
    {
        var model = CompiledTicket();
        var x = XDict;
        x["extra"] = Random(N, 7, 9);
        Assert.That(model.Evaluate(x, YDict, verbose: 0).Loss, Is.EqualTo(model.Evaluate(XDict, YDict, verbose: 0).Loss));
    }

    /// <summary>Records the rows of every batch its training step receives.</summary>
    private sealed class Recorder(KerasTensors inputs, KerasTensors outputs) : Model(inputs, outputs)
    {
        public List<(float[] Title, float[] Body, float[] Priority, float[] Weight)> Batches { get; } = [];

        public override Logs TrainStep(Tensors x, Tensors y, Tensors? sampleWeight)
        {
            Batches.Add((x["title"].ToArray(), x["body"].ToArray(), y["priority"].ToArray(), sampleWeight!.Value["priority"].ToArray()));
            return base.TrainStep(x, y, sampleWeight);
        }
    }

    [Test]
    public void Fit_Shuffle_TakesTheSameRowsOfEveryArray()
    {
        var title = new Input(shape: [3], name: "title");
        var body = new Input(shape: [2], name: "body");
        var model = new Recorder([title, body], [new Dense(1, name: "priority").Apply(title), new Dense(1, name: "department").Apply(body)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        // sample i holds i in every array, so a batch's rows must agree across arrays
        var index = Enumerable.Range(0, N).Select(i => (float)i).ToArray();
        Tensor Column(int width, float scale) => Tensor.FromArray([.. index.SelectMany(i => Enumerable.Repeat(i * scale, width))], N, width);
        model.Fit(new Dictionary<string, Tensor> { ["title"] = Column(3, 1), ["body"] = Column(2, 10) }, [Column(1, 100), Column(1, 1000)],
            epochs: 2, batchSize: 5, verbose: 0, sampleWeight: Tensor.FromArray(index.Select(i => i + 0.5f).ToArray()));
        Assert.That(model.Batches, Has.Count.EqualTo(6));
        var order = new List<float>();
        foreach (var (t, b, p, w) in model.Batches)
        {
            var rows = t.Where((_, k) => k % 3 == 0).ToArray();
            order.AddRange(rows);
            Assert.Multiple(() =>
            {
                Assert.That(b.Where((_, k) => k % 2 == 0), Is.EqualTo(rows.Select(r => r * 10)));
                Assert.That(p, Is.EqualTo(rows.Select(r => r * 100)));
                Assert.That(w, Is.EqualTo(rows.Select(r => r + 0.5f)));
            });
        }
        Assert.Multiple(() =>
        {
            Assert.That(order.Take(N), Is.EquivalentTo(index), "each epoch sees every sample once");
            Assert.That(order.Take(N), Is.Not.EqualTo(index), "in a shuffled order");
        });
    }

    [Test]
    public void TrainOnBatch_Dictionaries_ReturnsTheBatchsPerOutputLosses()
    {
        var model = CompiledTicket();
        var expected = model.Evaluate(XDict, YDict, batchSize: N, verbose: 0);
        var logs = model.TrainOnBatch(XDict, YDict);
        Assert.Multiple(() =>
        {
            Assert.That(logs.Keys, Is.EqualTo(expected.Keys));
            Assert.That(logs.ToArray(), Is.EqualTo(expected.ToArray()).Within(1e-6), "the values before the update");
            Assert.That(model.Evaluate(XDict, YDict, verbose: 0).Loss, Is.Not.EqualTo(expected.Loss));
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // sample weights

    [Test]
    public void Evaluate_OneSampleWeightArray_WeighsEveryOutputAlike()
    {
        var model = CompiledTicket();
        var w = Tensor.FromArray(Enumerable.Range(0, N).Select(i => (float)(i % 3)).ToArray());
        var shared = model.Evaluate([Titles, Bodies], [Priorities, Departments], sampleWeight: w, verbose: 0);
        var perOutput = model.Evaluate([Titles, Bodies], [Priorities, Departments], sampleWeight: [w, w], verbose: 0);
        var (p, d) = model.PredictMany([Titles, Bodies], verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(perOutput.ToArray(), Is.EqualTo(shared.ToArray()));
            Assert.That(shared["priority_loss"], Is.EqualTo(new KerasSharp.Losses.BinaryCrossentropy().Compute(Priorities, p, w).Item()).Within(1e-6));
        });
    }

    [Test]
    public void Evaluate_SampleWeightForOneOutputByName_WeighsOnlyThatOutput()
    {
        var model = CompiledTicket();
        var w = Tensor.FromArray(Enumerable.Range(0, N).Select(i => i < 6 ? 0f : 1f).ToArray());
        var plain = model.Evaluate(XDict, YDict, verbose: 0);
        var weighted = model.Evaluate(XDict, YDict, sampleWeight: new Dictionary<string, Tensor> { ["department"] = w }, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(weighted["priority_loss"], Is.EqualTo(plain["priority_loss"]).Within(1e-7));
            Assert.That(weighted["department_loss"], Is.Not.EqualTo(plain["department_loss"]).Within(1e-4));
        });
    }

    [Test]
    public void Fit_OneSampleWeightArrayWithTwoValuesPerSample_FailsWithKerasMessage()
    {
        var model = CompiledTicket();
        var e = Assert.Throws<ArgumentException>(() => model.Fit(XDict, YDict, verbose: 0, sampleWeight: Tensor.Ones(new Shape(N, 2))));
        Assert.That(e!.Message, Does.StartWith("For a model with multiple outputs, when providing a single `sampleWeight` array, it should only have one scalar score per sample"));
    }

    [Test]
    public void Fit_ClassWeightWithTwoOutputs_Fails()
    {
        var model = CompiledTicket();
        Assert.That(() => model.Fit(XDict, YDict, verbose: 0, classWeight: new Dictionary<int, float> { [0] = 1, [1] = 2 }),
            Throws.ArgumentException.With.Message.EqualTo("`classWeight` is only supported for Models with a single output. (Parameter 'classWeight')"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // errors

    [Test]
    public void Compile_UnknownOutputInLossDictionary_FailsWithKerasMessage()
    {
        var model = Ticket();
        var e = Assert.Throws<ArgumentException>(() => model.Compile(optimizer: "sgd",
            loss: new Dictionary<string, Loss> { ["priority"] = "binary_crossentropy", ["dept"] = "categorical_crossentropy" }));
        Assert.That(e!.Message, Does.StartWith("Expected keys ['priority', 'department'] in loss dict, but found loss.keys()=['priority', 'dept']"));
    }

    [Test]
    public void Compile_LossListOfTheWrongLength_Fails()
    {
        var model = Ticket();
        Assert.That(() => model.Compile(optimizer: "sgd", loss: ["mse"]),
            Throws.ArgumentException.With.Message.StartWith("`loss` has 1 entries, but the model has 2 outputs ['priority', 'department']."));
    }

    [TestCase(3)]
    [TestCase(1)]
    public void Compile_LossWeightsOfTheWrongLength_Fail(int count)
    {
        var model = Ticket();
        Assert.That(() => model.Compile(optimizer: "sgd", loss: ["mse", "mse"], lossWeights: Enumerable.Repeat(1.0, count).ToArray()),
            Throws.ArgumentException.With.Message.StartWith($"`lossWeights` must match the number of losses, got 2 losses and {count} weights."));
    }

    [Test]
    public void Compile_LossWeightForAnUnknownOutput_Fails()
    {
        var model = Ticket();
        Assert.That(() => model.Compile(optimizer: "sgd", loss: "mse", lossWeights: new Dictionary<string, double> { ["dept"] = 2 }),
            Throws.ArgumentException.With.Message.StartWith("Expected keys ['priority', 'department'] in lossWeights dict, but found lossWeights.keys()=['dept']"));
    }

    [Test]
    public void Fit_MismatchedSampleCounts_ListsTheSizeOfEveryArray()
    {
        var model = CompiledTicket();
        var e = Assert.Throws<ArgumentException>(() => model.Fit([Titles, Ops.SliceRows(Bodies, 0, 10)], [Priorities, Departments], verbose: 0));
        Assert.That(e!.Message, Is.EqualTo(
            "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.\n'x' sizes: 12, 10\n'y' sizes: 12, 12"));
    }

    [Test]
    public void Fit_MismatchedSampleWeight_IsListedToo()
    {
        var model = CompiledTicket();
        var e = Assert.Throws<ArgumentException>(() => model.Fit([Titles, Bodies], [Priorities, Departments], verbose: 0, sampleWeight: Tensor.Ones(new Shape(5))));
        Assert.That(e!.Message, Does.EndWith("'x' sizes: 12, 12\n'y' sizes: 12, 12\n'sample_weight' sizes: 5"));
    }

    [Test]
    public void Fit_WrongNumberOfInputArrays_FailsWithKerasStructureMessage()
    {
        var model = CompiledTicket();
        var e = Assert.Throws<ArgumentException>(() => model.Fit(Titles, [Priorities, Departments], verbose: 0));
        Assert.That(e!.Message, Does.StartWith(
            "The structure of `x` doesn't match the expected structure.\nExpected: ['title', 'body']\nReceived: x=Tensor(shape=(12, 3))"));
    }

    [Test]
    public void Fit_InputDictionaryWithoutAnInput_Fails()
    {
        var model = CompiledTicket();
        Assert.That(() => model.Fit(new Dictionary<string, Tensor> { ["title"] = Titles, ["bodies"] = Bodies }, YDict, verbose: 0),
            Throws.ArgumentException.With.Message.Contains("Received: x={'title': Tensor(shape=(12, 3)), 'bodies': Tensor(shape=(12, 2))}"));
    }

    [Test]
    public void Fit_OneTargetForTwoOutputsWithLosses_Fails()
    {
        var model = CompiledTicket();
        Assert.That(() => model.Fit(XDict, Priorities, verbose: 0), Throws.ArgumentException.With.Message.StartWith(
            "The model has 2 outputs ['priority', 'department'], but `y` holds a single array. Pass one array per output"));
    }

    [Test]
    public void Fit_TargetForAnUnknownOutput_Fails()
    {
        var model = CompiledTicket();
        Assert.That(() => model.Fit(XDict, new Dictionary<string, Tensor> { ["priority"] = Priorities, ["dept"] = Departments }, verbose: 0),
            Throws.ArgumentException.With.Message.StartWith("`y` has an array for 'dept', which is not an output of the model."));
    }

    [Test]
    public void Fit_NoTargetForAnOutputWithALoss_Fails()
    {
        var model = CompiledTicket();
        Assert.That(() => model.Fit(XDict, new Dictionary<string, Tensor> { ["priority"] = Priorities }, verbose: 0),
            Throws.ArgumentException.With.Message.StartWith("`y` has no array for output 'department', which has a loss or metrics."));
    }

    [Test]
    public void Fit_SparseClassIdOutOfRange_NamesTheOutputsTargetAndIndex_BeforeAnyStep()
    {
        var model = Ticket();
        model.Compile(optimizer: "sgd", loss: new Dictionary<string, Loss> { ["priority"] = "binary_crossentropy", ["department"] = "sparse_categorical_crossentropy" });
        var before = Flat(model);
        var labels = Tensor.FromArray(new float[] { 0, 1, 2, 1, 0, 3, 2, 1, 0, 0, 1, 2 });
        var e = Assert.Throws<ArgumentException>(() => model.Fit(XDict, new Dictionary<string, Tensor> { ["priority"] = Priorities, ["department"] = labels }, verbose: 0));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("index 5 of y[\"department\"].").And.Contain("y[\"department\"][5] = 3"));
            Assert.That(e.Message, Does.Contain("from 0 to 2"), "the number of classes is that output's");
            Assert.That(Flat(model), Is.EqualTo(before));
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // prediction

    [Test]
    public void PredictMany_ReturnsOneTensorPerOutput_ByPositionAndByName()
    {
        var model = Ticket();
        var outputs = model.PredictMany([Titles, Bodies], batchSize: 5, verbose: 0);
        var direct = model.ApplyMany([Titles, Bodies]);
        Assert.Multiple(() =>
        {
            Assert.That(outputs, Has.Count.EqualTo(2));
            Assert.That(outputs.Names, Is.EqualTo(new[] { "priority", "department" }));
            Assert.That(outputs["priority"].Shape, Is.EqualTo(new Shape(N, 1)));
            Assert.That(outputs[1].Shape, Is.EqualTo(new Shape(N, 3)));
            Assert.That(outputs["department"].ToArray(), Is.EqualTo(direct[1].ToArray()).Within(1e-6f));
            Assert.That(outputs[0].ToArray(), Is.EqualTo(direct[0].ToArray()).Within(1e-6f));
        });
    }

    [Test]
    public void PredictMany_ManyBatches_MatchesOneBatch()
    {
        var model = Ticket();
        var (titles, bodies) = (Random(300, 3, 7), Random(300, 2, 8));
        var one = model.PredictMany(new Dictionary<string, Tensor> { ["title"] = titles, ["body"] = bodies }, batchSize: 300, verbose: 0);
        var many = model.PredictMany([titles, bodies], batchSize: 16, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(many[0].ToArray(), Is.EqualTo(one[0].ToArray()).Within(1e-6f));
            Assert.That(many[1].ToArray(), Is.EqualTo(one[1].ToArray()).Within(1e-6f));
        });
    }

    [Test]
    public void Predict_OnAModelWithTwoOutputs_PointsToPredictMany()
    {
        var model = Ticket();
        Assert.That(() => model.Predict([Titles, Bodies], verbose: 0), Throws.InvalidOperationException.With.Message.EqualTo(
            "Model \"ticket\" has 2 outputs ['priority', 'department']; use PredictMany (or PredictManyOnBatch) to get one tensor per output."));
    }

    [Test]
    public void Predict_TwoInputsOneOutput_ReturnsTheTensor()
    {
        var title = new Input(shape: [3], name: "title");
        var body = new Input(shape: [2], name: "body");
        var model = new Model(inputs: new Dictionary<string, KerasTensor> { ["title"] = title, ["body"] = body },
            outputs: new Dense(2, name: "out").Apply(body));
        var p = model.Predict(XDict, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(p.Shape, Is.EqualTo(new Shape(N, 2)));
            Assert.That(p.ToArray(), Is.EqualTo(model.PredictOnBatch(XDict).ToArray()));
            Assert.That(model.PredictOnBatch([Bodies, Titles]).ToArray(), Is.EqualTo(p.ToArray()), "a list goes by position: dictionary inputs are ordered by key");
        });
    }

    [Test]
    public void PredictManyOnBatch_NamesTheOutputs_AsADictionaryWhenTheOutputsWereOne()
    {
        var title = new Input(shape: [3], name: "title");
        var model = new Model(title, new Dictionary<string, KerasTensor> { ["score"] = new Dense(1).Apply(title), ["logits"] = new Dense(2).Apply(title) });
        var outputs = model.PredictManyOnBatch(Titles);
        Assert.Multiple(() =>
        {
            Assert.That(outputs.IsDictionary, Is.True);
            Assert.That(outputs.Names, Is.EqualTo(new[] { "logits", "score" }), "ordered by key, as the model's outputs");
            Assert.That(outputs["score"].Shape, Is.EqualTo(new Shape(N, 1)));
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // lifetimes and the step arena

    [Test]
    public void TrainingRunsOnlyLibraryCode_IsFalseWhenOneOutputsLossOrMetricIsUserCode()
    {
        var model = Ticket();
        model.Compile(optimizer: "sgd", loss: ["binary_crossentropy", "categorical_crossentropy"], metrics: [["accuracy"], ["mae"]]);
        bool library = model.TrainingRunsOnlyLibraryCode;
        model.Compile(optimizer: "sgd", loss: ["binary_crossentropy", new LossFunctionWrapper((t, p) => Ops.Square(Ops.Subtract(t, p)), name: "custom")]);
        bool customLoss = model.TrainingRunsOnlyLibraryCode;
        model.Compile(optimizer: "sgd", loss: "mse", metrics: [["accuracy"], [new MeanMetricWrapper((t, p) => Ops.Abs(Ops.Subtract(t, p)), "custom_mae")]]);
        bool customMetric = model.TrainingRunsOnlyLibraryCode;
        Assert.Multiple(() =>
        {
            Assert.That(library, Is.True);
            Assert.That(customLoss, Is.False);
            Assert.That(customMetric, Is.False);
        });
    }

    [Test]
    public void CustomLossOnOneOutput_KeptTensors_DoNotChange()
    {
        var kept = new List<(Tensor Tensor, float[] Values)>();
        var loss = new LossFunctionWrapper((t, p) =>
        {
            var l = Ops.Mean(Ops.Square(Ops.Subtract(t, p)), -1);
            kept.Add((p, p.ToArray()));
            kept.Add((l, l.ToArray()));
            return l;
        }, name: "kept_mse");
        var model = Ticket();
        model.Compile(optimizer: "adam", loss: ["binary_crossentropy", loss], metrics: [["accuracy"], ["mae"]]);
        model.Fit(XDict, YDict, epochs: 2, batchSize: 4, verbose: 0);
        model.Evaluate(XDict, YDict, batchSize: 4, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(kept, Has.Count.GreaterThan(10));
            Assert.That(kept.Count(k => !k.Tensor.ToArray().AsSpan().SequenceEqual(k.Values)), Is.Zero);
        });
    }

    [Test]
    public void Evaluate_FromSeveralThreadsAtOnce_EachGetsTheSingleThreadedResult()
    {
        var model = CompiledTicket();
        model.Compile(optimizer: "sgd", loss: ["binary_crossentropy", "categorical_crossentropy"], metrics: [["accuracy"], ["accuracy"]]);
        var expected = model.Evaluate(XDict, YDict, batchSize: 4, verbose: 0).ToArray();
        var results = new double[4][];
        using var start = new Barrier(results.Length);
        var tasks = Enumerable.Range(0, results.Length).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            results[i] = model.Evaluate(XDict, YDict, batchSize: 4, verbose: 0).ToArray();
        }, TaskCreationOptions.LongRunning)).ToArray();
        Assert.That(Task.WaitAll(tasks, TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(results, Has.All.EqualTo(expected));
    }

    /// <summary>Holds Fit at the end of its first batch until released.</summary>
    private sealed class Blocker : Callback
    {
        public ManualResetEventSlim InFit { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public override bool KeepsLogs => false;

        public override void OnTrainBatchEnd(int batch, Logs logs)
        {
            InFit.Set();
            Release.Wait(TimeSpan.FromSeconds(20));
        }
    }

    [Test]
    public void Compile_WhileFitRunsOnAnotherThread_FailsAtOnce()
    {
        var model = CompiledTicket();
        var blocker = new Blocker();
        var (inFit, release) = (blocker.InFit, blocker.Release);
        var fit = Task.Factory.StartNew(() => model.Fit(XDict, YDict, epochs: 1, batchSize: N, verbose: 0, callbacks: [blocker]), TaskCreationOptions.LongRunning);
        Assert.That(inFit.Wait(TimeSpan.FromSeconds(20)), Is.True);
        var e = Assert.Throws<InvalidOperationException>(() => model.Compile(optimizer: "sgd", loss: "mse"));
        release.Set();
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith("Cannot call Compile() on model 'ticket': Fit() is running on this model on another thread."));
            Assert.That(fit.Wait(TimeSpan.FromSeconds(20)), Is.True);
            Assert.That(fit.Result.History.Keys, Does.Contain("department_loss"), "the running Fit kept its compiled losses");
        });
    }
}
