using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Training;

/// <summary>Sparse class ids are checked over the user's whole y before the first step, naming the index in y.</summary>
public class LabelChecksTests
{
    private const int N = 200;
    private const int Classes = 10;

    private static (Tensor X, float[] Y) Data()
    {
        var rng = new Random(5);
        var x = new float[N * 3];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextSingle();
        }
        var y = new float[N];
        for (int i = 0; i < N; i++)
        {
            y[i] = i % Classes;
        }
        return (Tensor.FromArray(x, N, 3), y);
    }

    private static Sequential Model(bool withInput = true, int? ignoreClass = null)
    {
        Keras.SetRandomSeed(11);
        Sequential model = withInput
            ? new([new Input(shape: [3]), new Dense(8, activation: "relu"), new Dense(Classes)])
            : new([new Dense(8, activation: "relu"), new Dense(Classes)]);
        model.Compile(optimizer: new Adam(), loss: new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: ignoreClass), metrics: ["accuracy"]);
        return model;
    }

    private static float[] Flat(Layer model) => [.. model.GetWeights().SelectMany(w => w.ToArray())];

    [Test]
    public void Fit_LabelOutOfRange_NamesTheIndexInY_BeforeAnyStep()
    {
        var (x, y) = Data();
        y[123] = 10;
        var model = Model();
        var before = Flat(model);
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("Received a label value of 10 which is outside the valid range of [0, 10): index 123 of y."));
            Assert.That(ex.Message, Does.Contain("from 0 to 9").And.Contain("(None, 10)"));
            Assert.That(ex.Message, Does.EndWith("Invalid labels (1 of 200): y[123] = 10."));
            Assert.That(Flat(model), Is.EqualTo(before), "no weight changed");
            Assert.That(model.Optimizer!.Iterations, Is.EqualTo(0), "no step ran");
        });
    }

    [Test]
    public void Fit_ModelNotBuiltYet_BuildsItAndStillChecksFirst()
    {
        var (x, y) = Data();
        y[57] = 12;
        var model = Model(withInput: false);
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0));
        var fresh = Model(withInput: false);
        fresh.EnsureBuilt(new Shape(-1, 3));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("Received a label value of 12 which is outside the valid range of [0, 10): index 57 of y."));
            Assert.That(model.Built, Is.True);
            Assert.That(Flat(model), Is.EqualTo(Flat(fresh)), "the weights are the initial ones");
        });
    }

    [TestCase(-1f, "Received a label value of -1 which is outside the valid range of [0, 10): index 7 of y.")]
    [TestCase(2.5f, "Received a label value of 2.5 which is not an integer class id in the valid range of [0, 10): index 7 of y.")]
    [TestCase(float.NaN, "Received a label value of NaN which is not an integer class id in the valid range of [0, 10): index 7 of y.")]
    public void Fit_NegativeOrNonIntegerLabel_NamesTheIndex(float label, string expected)
    {
        var (x, y) = Data();
        y[7] = label;
        var model = Model();
        var before = Flat(model);
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0));
        Assert.That(ex!.Message, Does.StartWith(expected));
        Assert.That(Flat(model), Is.EqualTo(before));
    }

    [Test]
    public void Fit_ManyInvalidLabels_CountsThemAndListsTheFirstFive()
    {
        var (x, y) = Data();
        foreach (int i in new[] { 3, 30, 60, 90, 120, 150, 180 })
        {
            y[i] = 10 + i;
        }
        var ex = Assert.Throws<ArgumentException>(() => Model().Fit(x, y, verbose: 0));
        Assert.That(ex!.Message, Does.EndWith("Invalid labels (7 of 200): y[3] = 13, y[30] = 40, y[60] = 70, y[90] = 100, y[120] = 130, …."));
    }

    [Test]
    public void Fit_LabelsOfShapeNBy1_NameTheSampleAndPosition()
    {
        var (x, y) = Data();
        y[42] = 99;
        var ex = Assert.Throws<ArgumentException>(() => Model().Fit(x, Tensor.FromArray(y, N, 1), verbose: 0));
        Assert.That(ex!.Message, Does.Contain("index 42 of y.").And.Contain("y[42, 0] = 99"));
    }

    [Test]
    public void Fit_BadLabelInTheValidationSplit_ThrowsBeforeTraining()
    {
        var (x, y) = Data();
        y[N - 1] = 10;
        var model = Model();
        var before = Flat(model);
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationSplit: 0.2, verbose: 0));
        Assert.That(ex!.Message, Does.Contain($"index {N - 1} of y."));
        Assert.That(Flat(model), Is.EqualTo(before));
    }

    [Test]
    public void Fit_BadLabelInValidationData_NamesValidationDataY()
    {
        var (x, y) = Data();
        var valY = (float[])y.Clone();
        valY[9] = -3;
        var model = Model();
        var before = Flat(model);
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationData: (x, valY), verbose: 0));
        Assert.That(ex!.Message, Does.StartWith("Received a label value of -3 which is outside the valid range of [0, 10): index 9 of validationData.y."));
        Assert.That(Flat(model), Is.EqualTo(before));
    }

    [Test]
    public void Evaluate_LabelOutOfRange_NamesTheIndexInY()
    {
        var (x, y) = Data();
        y[150] = 10;
        var ex = Assert.Throws<ArgumentException>(() => Model().Evaluate(x, y, batchSize: 16, verbose: 0));
        Assert.That(ex!.Message, Does.StartWith("Received a label value of 10 which is outside the valid range of [0, 10): index 150 of y."));
    }

    [Test]
    public void Fit_IgnoredClass_IsNotAnError()
    {
        var (x, y) = Data();
        y[5] = -1;
        var history = Model(ignoreClass: -1).Fit(x, y, verbose: 0);
        Assert.That(history.History["loss"], Has.Count.EqualTo(1));
    }

    [Test]
    public void Fit_ValidLabels_Trains()
    {
        var (x, y) = Data();
        var model = Model();
        var before = Flat(model);
        model.Fit(x, y, verbose: 0);
        Assert.That(Flat(model), Is.Not.EqualTo(before));
    }

    [Test]
    public void TrainOnBatch_LabelOutOfRange_IsRejectedByTheLossBeforeTheUpdate()
    {
        var (x, y) = Data();
        y[4] = 10;
        var model = Model();
        var before = Flat(model);
        var ex = Assert.Throws<ArgumentException>(() => model.TrainOnBatch(x, y));
        Assert.That(ex!.Message, Does.StartWith("Received a label value of 10 which is outside the valid range of [0, 10).").And.Contain("sample 4"));
        Assert.That(Flat(model), Is.EqualTo(before));
    }

    /// <summary>A subclassed model: its number of classes is known only from a forward pass.</summary>
    private sealed class Classifier : Model
    {
        private readonly Dense _hidden = new(6, activation: "relu");
        private readonly Dense _head = new(4);

        public override IReadOnlyList<Layer> Layers => [_hidden, _head];

        protected override Tensor Call(Tensor inputs, bool training) => _head.Apply(_hidden.Apply(inputs, training), training);
    }

    [Test]
    public void Fit_SubclassedModel_TakesTheClassCountFromAForwardAndUpdatesNothing()
    {
        var (x, y) = Data();
        for (int i = 0; i < N; i++)
        {
            y[i] = i % 4;
        }
        y[77] = 4;
        Keras.SetRandomSeed(2);
        var model = new Classifier();
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: new SparseCategoricalCrossentropy(fromLogits: true));
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0));
        var weights = Flat(model);
        y[77] = 3;
        model.Fit(x, y, verbose: 0, epochs: 1);
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("Received a label value of 4 which is outside the valid range of [0, 4): index 77 of y."));
            Assert.That(weights, Has.Length.EqualTo(3 * 6 + 6 + 6 * 4 + 4), "the forward built the model");
            Assert.That(Flat(model), Is.Not.EqualTo(weights), "valid labels then train");
        });
    }

    [Test]
    public void Fit_SubclassedModelBadLabel_NoWeightChanges()
    {
        var (x, y) = Data();
        y[0] = 4;
        Keras.SetRandomSeed(2);
        var model = new Classifier();
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: new SparseCategoricalCrossentropy(fromLogits: true));
        model.EnsureBuilt(new Shape(-1, 3));
        model.Apply(x);
        var before = Flat(model);
        Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0));
        Assert.That(Flat(model), Is.EqualTo(before));
    }
}
