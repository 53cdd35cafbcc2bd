using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Engine;

public class TensorArenaTests
{
    [Test]
    public void Step_ReusesTheSameBuffersForTheSameOps()
    {
        var x = Tensor.FromArray([1f, 2f, 3f]);
        float[] first, second;
        using (TensorArena.Step())
        {
            first = Ops.Exp(x).Buffer;
        }
        using (TensorArena.Step())
        {
            second = Ops.Exp(x).Buffer;
        }
        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void OutsideAStep_OpsAllocateOrdinaryBuffers()
    {
        var y = Ops.Exp(Tensor.FromArray([1f]));
        Assert.That(y.IsPooled, Is.False);
    }

    [Test]
    public void Variable_CopiesAnArenaValue()
    {
        Variable v;
        using (TensorArena.Step())
        {
            var pooled = Ops.Exp(Tensor.FromArray([0f, 1f]));
            Assert.That(pooled.IsPooled, Is.True);
            v = new Variable(pooled, "v");
        }
        using (TensorArena.Step())
        {
            _ = Ops.Exp(Tensor.FromArray([5f, 5f]));   // would overwrite a recycled buffer
        }
        Assert.That(v.Value.IsPooled, Is.False);
        Assert.That(v.Value.ToArray(), Is.EqualTo(new[] { 1f, MathF.Exp(1f) }));
    }

    [Test]
    public void LayerBuiltInsideAStep_KeepsItsWeightsAfterTheStep()
    {
        var layer = new Dense(3, kernelInitializer: "ones");
        using (TensorArena.Step())
        {
            layer.Apply(Tensor.Ones(new Shape(2, 4)));
        }
        using (TensorArena.Step())
        {
            _ = Ops.Add(Tensor.Zeros(new Shape(4, 3)), Tensor.Full(new Shape(4, 3), 9f));
        }
        Assert.That(layer.Kernel.Value.IsPooled, Is.False);
        Assert.That(layer.Kernel.Value.ToArray(), Is.All.EqualTo(1f));
    }

    [Test]
    public void NestedSteps_ReleaseOnlyAtTheOutermost()
    {
        float[] inner;
        using (TensorArena.Step())
        {
            using (TensorArena.Step())
            {
                inner = Ops.Exp(Tensor.FromArray([1f, 2f])).Buffer;
            }
            var other = Ops.Exp(Tensor.FromArray([3f, 4f])).Buffer;
            Assert.That(other, Is.Not.SameAs(inner), "a buffer must not be reused while its step is still open");
        }
    }

    [Test]
    public void Predict_ResultsOutliveLaterSteps()
    {
        Keras.SetRandomSeed(3);
        var model = new Sequential([new Input(shape: [2]), new Dense(4, activation: "relu"), new Dense(1)]);
        var a = model.Predict(new float[,] { { 1, 2 } }, verbose: 0);
        var before = a.ToArray();
        model.Predict(new float[,] { { -5, 7 } }, verbose: 0);
        Assert.That(a.IsPooled, Is.False);
        Assert.That(a.ToArray(), Is.EqualTo(before));
    }
}
