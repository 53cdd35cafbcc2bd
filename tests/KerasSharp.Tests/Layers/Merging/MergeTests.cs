using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

/// <summary>
/// What all merge layers share (Keras' <c>Merge</c>): the element-wise shape rule, rank alignment, batch checks,
/// input-count errors, <see cref="Layer.OutputShape"/> from all inputs, no weights. Shown on <see cref="Add"/> unless
/// a test says otherwise.
/// </summary>
public class MergeTests
{
    private static Shape Merged(params Shape[] shapes) => new Add().ComputeOutputShapes(shapes).Single();

    [Test]
    public void ComputeOutputShapes_SameShapes_KeepThem() =>
        Assert.That(Merged([-1, 3, 4], [-1, 3, 4]), Is.EqualTo(new Shape(-1, 3, 4)));

    [Test]
    public void ComputeOutputShapes_SizeOne_StretchesToTheOtherSize() =>
        Assert.That(Merged([-1, 3, 4], [-1, 1, 4], [-1, 3, 1]), Is.EqualTo(new Shape(-1, 3, 4)));

    [Test]
    public void ComputeOutputShapes_NoneWithAnything_IsNone()
    {
        // Keras' _compute_elemwise_op_output_shape: an unknown size merged with any size is unknown
        Assert.Multiple(() =>
        {
            Assert.That(Merged([-1, -1, 4], [-1, 3, 4]), Is.EqualTo(new Shape(-1, -1, 4)));
            Assert.That(Merged([-1, 1, 4], [-1, -1, 4]), Is.EqualTo(new Shape(-1, -1, 4)));
        });
    }

    [Test]
    public void ComputeOutputShapes_LowerRank_AlignsTheAxesAfterTheBatchFromTheRight() =>
        Assert.That(Merged([-1, 3, 4], [-1, 4]), Is.EqualTo(new Shape(-1, 3, 4)));

    [Test]
    public void ComputeOutputShapes_KnownBatch_IsKeptWhenTheInputsAgree()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Merged([2, 3], [-1, 3]), Is.EqualTo(new Shape(2, 3)));
            Assert.That(Merged([2, 3], [2, 3]), Is.EqualTo(new Shape(2, 3)));
        });
    }

    [Test]
    public void Call_LowerRankInput_BroadcastsAlongTheInsertedAxes()
    {
        var a = Random(1, 2, 3, 4);
        var b = Random(2, 2, 4);
        var y = new Add().Apply([a, b]);
        var expected = new float[24];
        for (int s = 0; s < 2; s++)
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    expected[(s * 3 + i) * 4 + j] = a[s, i, j] + b[s, j];
                }
            }
        }
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 3, 4)));
        TensorAssert.AllClose(y, expected, 0, 0);
    }

    [Test]
    public void Apply_IncompatibleShapes_ThrowsKerasMessageNamingTheLayer()
    {
        var layer = new Add(name: "sum");
        var message = ErrorOf(() => layer.Apply([Keras.Input(shape: [3]), Keras.Input(shape: [4])]));
        Assert.That(message, Is.EqualTo("Layer \"sum\": Inputs have incompatible shapes. Received shapes (3,) and (4,)"));
    }

    [Test]
    public void Apply_IncompatibleShapes_EagerFirstCall_Throws() =>
        Assert.That(ErrorOf(() => new Multiply().Apply([Random(1, 2, 3, 2), Random(2, 2, 4, 2)])),
            Does.Contain("Inputs have incompatible shapes. Received shapes (3, 2) and (4, 2)"));

    [Test]
    public void Apply_DifferentBatchSizes_ThrowsKerasMessage()
    {
        var a = Keras.Input(shape: [3], batchSize: 2);
        var b = Keras.Input(shape: [3], batchSize: 4);
        Assert.That(ErrorOf(() => new Average().Apply([a, b])),
            Does.Contain("Cannot merge tensors with different batch sizes. Received tensors with shapes [(2, 3), (4, 3)]"));
    }

    [Test]
    public void Apply_NoInputs_ThrowsKerasMessage_SymbolicAndEager()
    {
        const string keras = "A merge layer should be called on a list of at least 1 input. Received 0 inputs. Full input_shape received: []";
        Assert.Multiple(() =>
        {
            Assert.That(ErrorOf(() => new Maximum().Apply(Array.Empty<KerasTensor>())), Does.EndWith(keras));
            Assert.That(ErrorOf(() => new Maximum().Apply(Array.Empty<Tensor>())), Does.EndWith(keras));
        });
    }

    [Test]
    public void Apply_OneInput_ReturnsItsValues()
    {
        var x = Random(3, 2, 3);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(new Add().Apply([x]), x, 0, 0);
            TensorAssert.AllClose(new Minimum().Apply([x]), x, 0, 0);
            TensorAssert.AllClose(new Average().Apply([x]), x, 0, 0);
        });
    }

    [Test]
    public void NewLayer_HasNoWeights_AndKerasDefaultNames()
    {
        Keras.ClearSession();
        var first = new Add();
        var second = new Add();
        first.Apply([Random(1, 2, 3), Random(2, 2, 3)]);
        Assert.Multiple(() =>
        {
            Assert.That(first.Name, Is.EqualTo("add"));
            Assert.That(second.Name, Is.EqualTo("add_1"));
            Assert.That(new Subtract().Name, Is.EqualTo("subtract"));
            Assert.That(new Concatenate().Name, Is.EqualTo("concatenate"));
            Assert.That(new Dot(1).Name, Is.EqualTo("dot"));
            Assert.That(first.Weights, Is.Empty);
            Assert.That(first.CountParams(), Is.Zero);
        });
    }

    [Test]
    public void OutputShape_AfterBuilding_ComesFromAllInputs()
    {
        var a = Keras.Input(shape: [3, 1]);
        var b = Keras.Input(shape: [3, 5]);
        var add = new Add();
        var concat = new Concatenate();
        var dot = new Dot((1, 1));
        add.Apply([a, b]);
        concat.Apply([a, b]);
        dot.Apply([a, b]);
        Assert.Multiple(() =>
        {
            Assert.That(new Add().OutputShape, Is.Null, "not built");
            Assert.That(add.OutputShape, Is.EqualTo(new Shape(-1, 3, 5)));
            Assert.That(concat.OutputShape, Is.EqualTo(new Shape(-1, 3, 6)));
            Assert.That(dot.OutputShape, Is.EqualTo(new Shape(-1, 1, 5)));
        });
    }

    [Test]
    public void Summary_OfAModelWithMergeLayers_ShowsTheirOutputShapes()
    {
        var a = Keras.Input(shape: [4]);
        var b = Keras.Input(shape: [4]);
        var model = new Model([a, b], new Dot(1).Apply([new Concatenate().Apply([a, b]), new Concatenate().Apply([b, a])]));
        var text = new StringWriter();
        model.Summary(output: text);
        Assert.That(text.ToString(), Does.Contain("(None, 8)").And.Contain("(None, 1)"));
    }

    [Test]
    public void FrozenLayer_ConfigKeepsTrainableFalse() =>
        Assert.That(RoundTrip(new Add(name: "frozen") { Trainable = false }).Trainable, Is.False);
}
