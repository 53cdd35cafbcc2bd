using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Training;

namespace KerasSharp.Tests.Training;

/// <summary>
/// Matching the arrays of Fit, Evaluate and Predict to a model's inputs and outputs: Keras' <c>_adjust_input_rank</c>,
/// batches that keep the rows of every array together, and the validation split.
/// </summary>
public class ModelDataTests
{
    private static Tensor Column(int n, float scale) => Tensor.FromArray([.. Enumerable.Range(0, n).Select(i => i * scale)]);

    private static Model TwoInputs()
    {
        var a = new Input(shape: [1], name: "a");
        var b = new Input(shape: [2], name: "b");
        var model = new Model([a, b], [new Dense(1, name: "p").Apply(a), new Dense(1, name: "q").Apply(b)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        return model;
    }

    [Test]
    public void ForInputs_OneDimensionalArrayForAnInputOfShapeNone1_GetsItsTrailingAxis()
    {
        var inputs = new Input(shape: [1]);
        var model = new Model(inputs, new Dense(1).Apply(new Dense(3).Apply(inputs)));
        var data = ModelData.ForInputs(model, Tensor.FromArray(new float[] { 1, 2, 3, 4 }));
        Assert.Multiple(() =>
        {
            Assert.That(data.X[0].Shape, Is.EqualTo(new Shape(4, 1)));
            Assert.That(data.X[0].ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        });
    }

    [Test]
    public void ForInputs_ExtraTrailingAxisOfSizeOne_IsSqueezed()
    {
        var inputs = new Input(shape: [3]);
        var model = new Model(inputs, new Dense(2).Apply(inputs));
        var data = ModelData.ForInputs(model, Tensor.Ones(new Shape(5, 3, 1)));
        Assert.That(data.X[0].Shape, Is.EqualTo(new Shape(5, 3)));
    }

    [Test]
    public void ForInputs_OtherRankDifferences_AreLeftForTheLayerToReport()
    {
        var inputs = new Input(shape: [3]);
        var model = new Model(inputs, new Dense(2).Apply(inputs));
        var x = Tensor.Ones(new Shape(5, 3, 2));
        Assert.That(ModelData.ForInputs(model, x).X[0], Is.SameAs(x));
    }

    [Test]
    public void Fit_OneDimensionalInputs_TrainFunctionalAndSequentialModels()
    {
        var x = new float[] { 0, 1, 2, 3, 4, 5, 6, 7 };
        var y = x.Select(v => 2 * v + 1).ToArray();
        var inputs = new Input(shape: [1]);
        var functional = new Model(inputs, new Dense(1).Apply(new Dense(4).Apply(inputs)));
        var sequential = new Sequential([new Dense(4, inputDim: 1), new Dense(1)]);
        Assert.Multiple(() =>
        {
            foreach (var model in new Model[] { functional, sequential })
            {
                model.Compile(optimizer: "sgd", loss: "mse");
                Assert.DoesNotThrow(() => model.Fit(x, y, epochs: 1, verbose: 0), model.Name);
                Assert.That(model.Evaluate(x, y, verbose: 0).Loss, Is.Not.NaN, model.Name);
                Assert.That(model.Predict(x, verbose: 0).Shape, Is.EqualTo(new Shape(8, 1)), model.Name);
                Assert.That(model.PredictOnBatch(x).Shape, Is.EqualTo(new Shape(8, 1)), model.Name);
                Assert.That(model.TrainOnBatch(x, y).Loss, Is.Not.NaN, model.Name);
            }
        });
    }

    [Test]
    public void ForTraining_ListsAndDictionaries_MatchTheModelsOrder()
    {
        var model = TwoInputs();
        var (a, b) = (Column(6, 1), Tensor.Ones(new Shape(6, 2)));
        var (p, q) = (Column(6, 10), Column(6, 100));
        var byName = ModelData.ForTraining(model, new Dictionary<string, Tensor> { ["b"] = b, ["a"] = a }, new Dictionary<string, Tensor> { ["q"] = q, ["p"] = p }, null);
        var byPosition = ModelData.ForTraining(model, [a, b], [p, q], null);
        Assert.Multiple(() =>
        {
            Assert.That(byName.X[0].Shape, Is.EqualTo(new Shape(6, 1)), "'a' is the first input and got its trailing axis");
            Assert.That(byName.X[0].ToArray(), Is.EqualTo(byPosition.X[0].ToArray()));
            Assert.That(byName.X[1], Is.SameAs(b));
            Assert.That(byName.Y, Is.EqualTo(new[] { p, q }));
            Assert.That(byName.YLabels, Is.EqualTo(new[] { "y[\"p\"]", "y[\"q\"]" }));
            Assert.That(byPosition.YLabels, Is.EqualTo(new[] { "y[0]", "y[1]" }));
            Assert.That(byName.XLabels, Is.EqualTo(new[] { "x[\"a\"]", "x[\"b\"]" }));
        });
    }

    [Test]
    public void Batch_Shuffled_TakesTheSameRowsOfEveryArray()
    {
        var model = TwoInputs();
        var data = ModelData.ForTraining(model, [Column(10, 1), Tensor.FromArray([.. Enumerable.Range(0, 20).Select(i => (float)(i / 2))], 10, 2)],
            [Column(10, 10), Column(10, 100)], Column(10, 1000));
        var iterator = new EpochIterator(10, 4, new SeedGenerator(3));
        iterator.StartEpoch();
        var seen = new List<float>();
        for (int step = 0; step < iterator.Steps; step++)
        {
            var (x, y, sw) = data.Batch(iterator, step, reuse: step % 2 == 0);
            var rows = x[0].ToArray();
            seen.AddRange(rows);
            Assert.Multiple(() =>
            {
                Assert.That(x[1].ToArray().Where((_, k) => k % 2 == 0), Is.EqualTo(rows));
                Assert.That(y[0].ToArray(), Is.EqualTo(rows.Select(r => r * 10)));
                Assert.That(y[1].ToArray(), Is.EqualTo(rows.Select(r => r * 100)));
                Assert.That(sw!.Value[0].ToArray(), Is.EqualTo(rows.Select(r => r * 1000)));
                Assert.That(sw.Value[1], Is.SameAs(sw.Value[0]), "one array for every output is taken once");
                Assert.That(y.Names, Is.EqualTo(new[] { "p", "q" }));
            });
        }
        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, 10).Select(i => (float)i)));
            Assert.That(seen, Is.Not.Ordered, "shuffled");
        });
    }

    [Test]
    public void Split_TakesTheLastSamplesOfEveryArray_WithTheirSampleWeights()
    {
        var model = TwoInputs();
        var data = ModelData.ForTraining(model, [Column(10, 1), Tensor.Ones(new Shape(10, 2))], [Column(10, 10), Column(10, 100)], Column(10, 1000));
        var (train, validation) = data.Split(0.3);
        Assert.Multiple(() =>
        {
            Assert.That(train.Samples, Is.EqualTo(7));
            Assert.That(validation.X[0].ToArray(), Is.EqualTo(new float[] { 7, 8, 9 }));
            Assert.That(validation.Y![1]!.ToArray(), Is.EqualTo(new float[] { 700, 800, 900 }));
            Assert.That(validation.SampleWeight![0]!.ToArray(), Is.EqualTo(new float[] { 7000, 8000, 9000 }));
            Assert.That(validation.SampleWeight[1], Is.SameAs(validation.SampleWeight[0]));
        });
    }

    [Test]
    public void ForTraining_TargetsForOnlyTheOutputsWithALoss_GoToThoseOutputs()
    {
        var a = new Input(shape: [1], name: "a");
        var model = new Model(a, [new Dense(1, name: "p").Apply(a), new Dense(1, name: "q").Apply(a)]);
        model.Compile(optimizer: "sgd", loss: [null, "mse"]);
        var q = Column(4, 2);
        var data = ModelData.ForTraining(model, Column(4, 1), q, null);
        Assert.Multiple(() =>
        {
            Assert.That(data.Y, Is.EqualTo(new Tensor?[] { null, q }));
            Assert.That(data.YLabels![1], Is.EqualTo("y"));
        });
    }
}
