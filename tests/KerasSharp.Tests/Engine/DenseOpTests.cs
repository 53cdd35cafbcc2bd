using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine;

public class DenseOpTests
{
    private static Tensor Random(Rng rng, params int[] shape)
    {
        var values = new float[new Shape(shape).Size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.Uniform(-1f, 1f);
        }
        return Tensor.FromArray(values, shape);
    }

    [TestCase(true, true)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(false, false)]
    public void Dense_EqualsMatMulAddRelu(bool relu, bool withBias)
    {
        var rng = new Rng(7);
        var x = Random(rng, 5, 3, 4);
        var w = Random(rng, 4, 6);
        var b = withBias ? Random(rng, 6) : null;
        var fused = Ops.Dense(x, w, b, relu);
        var z = Ops.MatMul(x, w);
        if (b is not null)
        {
            z = Ops.Add(z, b);
        }
        var reference = relu ? Ops.Relu(z) : z;
        Assert.That(fused.Shape, Is.EqualTo(reference.Shape));
        TensorAssert.AllClose(fused, reference, rtol: 1e-5, atol: 1e-6);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Dense_GradientCheck_InputKernelBias(bool relu)
    {
        var rng = new Rng(11);
        // values away from the ReLU kink: the check perturbs by 1e-2
        GradientChecker.Check(t => Ops.Dense(t[0], t[1], t[2], relu), [Random(rng, 3, 4), Random(rng, 4, 5), Random(rng, 5)]);
    }

    [Test]
    public void Dense_GradientsMatchTheUnfusedOps()
    {
        var rng = new Rng(3);
        var x = Random(rng, 6, 4);
        var w = Random(rng, 4, 3);
        var b = Random(rng, 3);
        Tensor[] Grads(Func<Tensor> f)
        {
            using var tape = GradientTape.Record();
            var y = f();
            return tape.Gradient(Ops.Sum(Ops.Multiply(y, y)), [x, w, b]);
        }
        var fused = Grads(() => Ops.Dense(x, w, b, relu: true));
        var plain = Grads(() => Ops.Relu(Ops.Add(Ops.MatMul(x, w), b)));
        for (int i = 0; i < 3; i++)
        {
            TensorAssert.AllClose(fused[i], plain[i], rtol: 1e-5, atol: 1e-6);
        }
    }
}
