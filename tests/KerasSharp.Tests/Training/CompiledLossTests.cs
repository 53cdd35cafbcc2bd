using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Training;

namespace KerasSharp.Tests.Training;

/// <summary>Matching <c>loss</c> and <c>lossWeights</c> to the outputs, and the weighted total (Keras' CompileLoss).</summary>
public class CompiledLossTests
{
    private static readonly string[] Outputs = ["a", "b"];

    [Test]
    public void OneLossAndOneWeight_ApplyToEveryOutput()
    {
        var compiled = new CompiledLoss("mse", 0.5, Outputs);
        Assert.Multiple(() =>
        {
            Assert.That(compiled[0], Is.SameAs(compiled[1]));
            Assert.That(compiled.Weight(1), Is.EqualTo(0.5f));
            Assert.That(compiled.Tracker(0)!.Name, Is.EqualTo("a_loss"));
        });
    }

    [Test]
    public void WeightsByName_LeaveTheOtherOutputsUnweighted()
    {
        var compiled = new CompiledLoss(["mse", "mae"], new Dictionary<string, double> { ["b"] = 0.2 }, Outputs);
        Assert.Multiple(() =>
        {
            Assert.That(compiled.Weight(0), Is.Null);
            Assert.That(compiled.Weight(1), Is.EqualTo(0.2f));
        });
    }

    [Test]
    public void OneLossWithAListOfWeights_FailsAsInKeras3()
    {
        Assert.That(() => new CompiledLoss(["mse", "mse"], 0.5, Outputs),
            Throws.ArgumentException.With.Message.StartWith("`lossWeights` must match the number of losses, got 2 losses and 1 weights."));
    }

    [Test]
    public void OneOutputWithALoss_HasNoPerOutputTracker()
    {
        var compiled = new CompiledLoss(new Dictionary<string, Loss> { ["b"] = "mse" }, null, Outputs);
        Assert.Multiple(() =>
        {
            Assert.That(compiled[0], Is.Null);
            Assert.That(compiled.Tracker(1), Is.Null);
            Assert.That(compiled.HasLoss, Is.True);
        });
    }

    [Test]
    public void Compute_IsTheWeightedSum_AndTracksTheUnweightedLosses()
    {
        var compiled = new CompiledLoss(["mse", "mae"], [2.0, 0.5], Outputs);
        var y = Tensors.Of([Tensor.Zeros(new Shape(2, 1)), Tensor.Zeros(new Shape(2, 1))]);
        var p = Tensors.Of([Tensor.FromArray(new float[,] { { 1 }, { 3 } }), Tensor.FromArray(new float[,] { { -2 }, { 4 } })]);
        var total = compiled.Compute(y, p, null);
        Assert.Multiple(() =>
        {
            Assert.That(total.Item(), Is.EqualTo(2.0f * 5 + 0.5f * 3));
            Assert.That(compiled.Tracker(0)!.Result(), Is.EqualTo(5));
            Assert.That(compiled.Tracker(1)!.Result(), Is.EqualTo(3));
        });
    }
}
