using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Layers;

/// <summary>Behaviour of the <see cref="Layer"/> base shared by every layer and model.</summary>
public class LayerTests
{
    private static Dense BuiltDense(string name)
    {
        var layer = new Dense(2, name: name);
        layer.EnsureBuilt(new Shape(-1, 3));
        return layer;
    }

    private static Sequential TwoLayerModel() =>
        new([new Input(shape: [3]), new Dense(4, name: "hidden"), new Dense(2, name: "head")], name: "net");

    [Test]
    public void SetWeights_NullEntry_ThrowsNamingTheLayerAndIndex()
    {
        var layer = BuiltDense("dense_null");
        var before = layer.GetWeights();
        var ex = Assert.Throws<ArgumentException>(() => layer.SetWeights([Tensor.Ones(new Shape(3, 2)), null!]));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith(
                "You called SetWeights(weights) on layer \"dense_null\" with a null entry at index 1, where the layer expects a tensor of shape (2,) for weight 'dense_null/bias'."));
            Assert.That(ex.ParamName, Is.EqualTo("weights"));
            Assert.That(layer.GetWeights()[0].ToArray(), Is.EqualTo(before[0].ToArray()), "nothing was assigned");
        });
    }

    [Test]
    public void SetWeights_WrongShape_NamesTheIndexAndWeight()
    {
        var layer = BuiltDense("dense_bad_shape");
        var ex = Assert.Throws<ArgumentException>(() => layer.SetWeights([Tensor.Ones(new Shape(3, 2)), Tensor.Ones(new Shape(3))]));
        Assert.That(ex!.Message, Does.StartWith(
            "Layer dense_bad_shape weight shape (2,) is not compatible with provided weight shape (3,) (index 1 of the weight list, weight 'dense_bad_shape/bias')."));
    }

    [Test]
    public void SetWeights_WrongCount_NamesTheLayer()
    {
        var layer = BuiltDense("dense_few");
        var ex = Assert.Throws<ArgumentException>(() => layer.SetWeights([Tensor.Ones(new Shape(3, 2))]));
        Assert.That(ex!.Message, Does.StartWith(
            "You called SetWeights(weights) on layer \"dense_few\" with a weight list of length 1, but the layer was expecting 2 weights."));
    }

    [Test]
    public void SetWeights_NullList_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => BuiltDense("dense_no_list").SetWeights(null!));
    }

    [Test]
    public void SetWeights_OnModelWithNullEntry_NamesTheModelIndexAndInnerWeight()
    {
        var model = TwoLayerModel();
        var weights = model.GetWeights();
        weights[2] = null!;
        var ex = Assert.Throws<ArgumentException>(() => model.SetWeights(weights));
        Assert.That(ex!.Message, Does.StartWith(
            "You called SetWeights(weights) on layer \"net\" with a null entry at index 2, where the layer expects a tensor of shape (4, 2) for weight 'head/kernel'."));
    }

    [Test]
    public void SetWeights_OnModelWithWrongShape_NamesTheIndexAndLeavesEveryWeight()
    {
        var model = TwoLayerModel();
        var before = model.GetWeights();
        var weights = model.GetWeights();
        weights[0] = Tensor.Full(new Shape(3, 4), 5f);
        weights[3] = Tensor.Ones(new Shape(4));
        var ex = Assert.Throws<ArgumentException>(() => model.SetWeights(weights));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("weight shape (2,) is not compatible with provided weight shape (4,) (index 3 of the weight list, weight 'head/bias')"));
            Assert.That(model.GetWeights()[0].ToArray(), Is.EqualTo(before[0].ToArray()), "the valid first entry was not assigned either");
        });
    }
}
