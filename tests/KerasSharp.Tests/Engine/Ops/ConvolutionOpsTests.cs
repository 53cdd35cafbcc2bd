using KerasSharp.Engine;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Engine.TestData;

// Namespace KerasSharp.Tests.Engine: a namespace named …Engine.Ops would hide the Ops class in the engine tests.
namespace KerasSharp.Tests.Engine;

public class ConvolutionOpsTests
{
    /// <summary>n, h, w, c, kh, kw, filters, sh, sw, dh, dw, padding.</summary>
    public sealed record Conv2DCase(int N, int H, int W, int C, int Kh, int Kw, int F, int Sh, int Sw, int Dh, int Dw, string Padding)
    {
        public override string ToString() => $"x({N},{H},{W},{C}) k({Kh},{Kw},{F}) s({Sh},{Sw}) d({Dh},{Dw}) {Padding}";
    }

    public static IEnumerable<Conv2DCase> ForwardCases() =>
    [
        new(1, 5, 5, 1, 3, 3, 1, 1, 1, 1, 1, "valid"),
        new(2, 7, 6, 3, 3, 3, 4, 1, 1, 1, 1, "same"),
        new(2, 7, 7, 2, 3, 3, 3, 2, 2, 1, 1, "valid"),
        new(2, 8, 7, 2, 3, 2, 3, 2, 2, 1, 1, "same"),
        new(1, 9, 9, 2, 3, 3, 2, 1, 1, 2, 2, "valid"),
        new(2, 7, 8, 3, 3, 3, 2, 1, 1, 2, 2, "same"),
        new(1, 6, 6, 4, 1, 1, 5, 1, 1, 1, 1, "valid"),
        new(2, 5, 5, 3, 1, 1, 4, 2, 2, 1, 1, "valid"),
        new(1, 4, 4, 2, 4, 4, 3, 1, 1, 1, 1, "valid"),
        new(1, 5, 7, 2, 2, 4, 3, 3, 2, 1, 1, "same"),
        new(1, 9, 9, 1, 3, 3, 2, 2, 2, 2, 2, "same"),
        new(1, 4, 4, 2, 4, 4, 3, 1, 1, 1, 1, "same"),
        new(2, 6, 5, 2, 3, 3, 2, 1, 3, 1, 2, "valid"),
        // more rows than one im2col block (2^20 floats / 72 per patch = 14563 rows): exercises the tiling
        new(16, 34, 34, 8, 3, 3, 4, 1, 1, 1, 1, "valid"),
        // a column matrix over 2^22 floats (61504 rows × 72) is not kept for the backward: the kernel gradient rebuilds it by blocks
        new(16, 64, 64, 8, 3, 3, 2, 1, 1, 1, 1, "valid"),
    ];

    [TestCaseSource(nameof(ForwardCases))]
    public void Conv_2D_MatchesDirectLoops(Conv2DCase t)
    {
        var x = Uniform(1, -1, 1, t.N, t.H, t.W, t.C);
        var w = Uniform(2, -1, 1, t.Kh, t.Kw, t.C, t.F);
        var b = Uniform(3, -1, 1, t.F);
        var expected = ConvReference.Conv2D(x, w, b, t.Sh, t.Sw, t.Dh, t.Dw, t.Padding, out var shape);
        var y = Ops.Conv(x, w, [t.Sh, t.Sw], t.Padding, [t.Dh, t.Dw], bias: b);
        Assert.That(y.Shape, Is.EqualTo(shape));
        TensorAssert.AllClose(y, expected.ToFloats(), 1e-4, 1e-4);
    }

    [TestCaseSource(nameof(ForwardCases))]
    public void ConvFused_Relu_IsReluOfConvPlusBias(Conv2DCase t)
    {
        var x = Uniform(4, -1, 1, t.N, t.H, t.W, t.C);
        var w = Uniform(5, -1, 1, t.Kh, t.Kw, t.C, t.F);
        var b = Uniform(6, -1, 1, t.F);
        var expected = ConvReference.Conv2D(x, w, b, t.Sh, t.Sw, t.Dh, t.Dw, t.Padding, out _).Select(v => Math.Max(v, 0)).ToArray();
        var y = Ops.ConvFused(x, w, b, [t.Sh, t.Sw], t.Padding, [t.Dh, t.Dw], relu: true);
        TensorAssert.AllClose(y, expected.ToFloats(), 1e-4, 1e-4);
    }

    [TestCaseSource(nameof(ForwardCases))]
    public void Conv_2D_BackwardMatchesDirectAdjointLoops(Conv2DCase t)
    {
        var x = Uniform(24, -1, 1, t.N, t.H, t.W, t.C);
        var w = Uniform(25, -1, 1, t.Kh, t.Kw, t.C, t.F);
        var b = Uniform(26, -1, 1, t.F);
        var probe = Ops.Conv(x, w, [t.Sh, t.Sw], t.Padding, [t.Dh, t.Dw]);
        var g = Uniform(27, -1, 1, probe.Shape.ToArray());
        Tensor[] grads;
        using (var tape = GradientTape.Record())
        {
            var y = Ops.Conv(x, w, [t.Sh, t.Sw], t.Padding, [t.Dh, t.Dw], bias: b);
            grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, g)), [x, w, b]);
        }
        var (dx, dw) = ConvReference.Conv2DBackward(x, w, g, t.Sh, t.Sw, t.Dh, t.Dw, t.Padding);
        var gs = g.ToArray();
        var db = new double[t.F];
        for (int i = 0; i < gs.Length; i++)
        {
            db[i % t.F] += gs[i];
        }
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(grads[0], dx.ToFloats(), 1e-4, 1e-4);
            TensorAssert.AllClose(grads[1], dw.ToFloats(), 1e-4, 1e-3);
            TensorAssert.AllClose(grads[2], db.ToFloats(), 1e-4, 1e-3);
        });
    }

    public static IEnumerable<Conv2DCase> GradientCases() =>
    [
        new(1, 5, 5, 2, 3, 3, 3, 1, 1, 1, 1, "valid"),
        new(2, 4, 5, 2, 3, 3, 2, 1, 1, 1, 1, "same"),
        new(1, 6, 5, 2, 3, 2, 2, 2, 2, 1, 1, "same"),
        new(1, 7, 7, 1, 3, 3, 2, 1, 1, 2, 2, "valid"),
        new(1, 5, 6, 2, 2, 3, 2, 1, 1, 2, 1, "same"),
        new(2, 3, 3, 3, 1, 1, 2, 1, 1, 1, 1, "valid"),
        new(1, 5, 5, 2, 1, 1, 2, 2, 2, 1, 1, "valid"),
    ];

    [TestCaseSource(nameof(GradientCases))]
    public void Conv_2D_GradientsMatchCentralDifferences(Conv2DCase t) =>
        GradientChecker.Check(
            xs => Ops.Conv(xs[0], xs[1], [t.Sh, t.Sw], t.Padding, [t.Dh, t.Dw], bias: xs[2]),
            [Uniform(7, -1, 1, t.N, t.H, t.W, t.C), Uniform(8, -1, 1, t.Kh, t.Kw, t.C, t.F), Uniform(9, -1, 1, t.F)]);

    [Test]
    public void Conv_WithoutBias_GradientsMatchCentralDifferences() =>
        GradientChecker.Check(xs => Ops.Conv(xs[0], xs[1], padding: "same"), [Uniform(10, -1, 1, 1, 4, 4, 2), Uniform(11, -1, 1, 3, 3, 2, 2)]);

    [TestCaseSource(nameof(GradientCases))]
    public void ConvFused_Relu_GradientsEqualUnfusedComposition(Conv2DCase t)
    {
        var x = Uniform(12, -1, 1, t.N, t.H, t.W, t.C);
        var w = Uniform(13, -1, 1, t.Kh, t.Kw, t.C, t.F);
        var b = Uniform(14, -1, 1, t.F);
        var r = Uniform(15, -1, 1, Ops.Conv(x, w, [t.Sh, t.Sw], t.Padding, [t.Dh, t.Dw]).Shape.ToArray());
        Tensor[] Grads(bool fused)
        {
            using var tape = GradientTape.Record();
            var y = fused
                ? Ops.ConvFused(x, w, b, [t.Sh, t.Sw], t.Padding, [t.Dh, t.Dw], relu: true)
                : Ops.Relu(Ops.Add(Ops.Conv(x, w, [t.Sh, t.Sw], t.Padding, [t.Dh, t.Dw]), b));
            var loss = Ops.Sum(Ops.Multiply(y, r));
            return tape.Gradient(loss, [x, w, b]);
        }
        var fusedGrads = Grads(true);
        var plainGrads = Grads(false);
        Assert.Multiple(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                TensorAssert.AllClose(fusedGrads[i], plainGrads[i], 1e-4, 1e-5);
            }
        });
    }

    [TestCase(9, 3, 1, 1, "valid")]
    [TestCase(9, 3, 2, 1, "valid")]
    [TestCase(8, 3, 1, 1, "same")]
    [TestCase(8, 4, 3, 1, "same")]
    [TestCase(9, 3, 1, 2, "valid")]
    [TestCase(7, 3, 1, 2, "causal")]
    [TestCase(7, 2, 2, 1, "causal")]
    public void Conv_1D_MatchesTheTwoDReferenceWithHeightOne(int steps, int k, int s, int d, string padding)
    {
        var x = Uniform(16, -1, 1, 2, steps, 3);
        var w = Uniform(17, -1, 1, k, 3, 4);
        var b = Uniform(18, -1, 1, 4);
        // causal = left padding of dk − 1 then valid: build the padded input in the test
        var xRef = padding == "causal" ? LeftPad(x, (k - 1) * d) : x;
        string refPadding = padding == "causal" ? "valid" : padding;
        var expected = ConvReference.Conv2D(Reshape4(xRef), Tensor.FromArray(w.ToArray(), 1, k, 3, 4), b, 1, s, 1, d, refPadding, out var shape);
        var y = Ops.Conv(x, w, [s], padding, [d], bias: b);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, shape[2], 4)));
        TensorAssert.AllClose(y, expected.ToFloats(), 1e-4, 1e-4);
    }

    [TestCase("same", 1, 1)]
    [TestCase("causal", 1, 2)]
    [TestCase("valid", 2, 1)]
    public void Conv_1D_GradientsMatchCentralDifferences(string padding, int s, int d) =>
        GradientChecker.Check(xs => Ops.Conv(xs[0], xs[1], [s], padding, [d], bias: xs[2]),
            [Uniform(19, -1, 1, 2, 7, 2), Uniform(20, -1, 1, 3, 2, 3), Uniform(21, -1, 1, 3)]);

    [Test]
    public void Conv_Causal_OutputNeverSeesTheFuture()
    {
        var x = Uniform(22, -1, 1, 1, 6, 1);
        var changed = x.ToArray();
        changed[5] += 10f;   // change only the last step
        var w = Uniform(23, -1, 1, 3, 1, 1);
        var y1 = Ops.Conv(x, w, padding: "causal").ToArray();
        var y2 = Ops.Conv(Tensor.FromArray(changed, 1, 6, 1), w, padding: "causal").ToArray();
        Assert.That(y2[..5], Is.EqualTo(y1[..5]));
        Assert.That(y2[5], Is.Not.EqualTo(y1[5]));
    }

    [Test]
    public void Conv_KernelLargerThanInput_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Conv(Tensor.Zeros(new Shape(1, 2, 2, 1)), Tensor.Zeros(new Shape(3, 3, 1, 4))));
        Assert.That(ex!.Message, Does.Contain("Computed output size would be zero or negative. Received `inputs shape=(1, 2, 2, 1)`, `kernel shape=(3, 3, 1, 4)`"));
    }

    [Test]
    public void Conv_ChannelMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Conv(Tensor.Zeros(new Shape(1, 5, 5, 3)), Tensor.Zeros(new Shape(3, 3, 2, 4))));
        Assert.That(ex!.Message, Does.Contain("(3, 3, 2, 4)").And.Contain("(1, 5, 5, 3)"));
    }

    [TestCase("full")]
    [TestCase("causal")]
    public void Conv_2D_BadPadding_ThrowsKerasMessage(string padding)
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Conv(Tensor.Zeros(new Shape(1, 5, 5, 1)), Tensor.Zeros(new Shape(3, 3, 1, 1)), padding: padding));
        Assert.That(ex!.Message, Does.Contain($"The `padding` argument must be a list/tuple or one of {{'valid', 'same'}}. Received: {padding}"));
    }

    [Test]
    public void Conv_UpperCasePadding_IsAccepted() =>
        Assert.That(Ops.Conv(Tensor.Zeros(new Shape(1, 5, 5, 1)), Tensor.Zeros(new Shape(3, 3, 1, 1)), padding: "SAME").Shape, Is.EqualTo(new Shape(1, 5, 5, 1)));

    [Test]
    public void Conv_ZeroStride_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Conv(Tensor.Zeros(new Shape(1, 5, 5, 1)), Tensor.Zeros(new Shape(3, 3, 1, 1)), strides: [1, 0]));
        Assert.That(ex!.Message, Does.Contain("The `strides` argument must be a tuple of 2 integers. Received strides=(1, 0), including values {0} that do not satisfy `value > 0`"));
    }

    [Test]
    public void Conv_WrongRanks_Throw()
    {
        Assert.Throws<ArgumentException>(() => Ops.Conv(Tensor.Zeros(new Shape(5, 5)), Tensor.Zeros(new Shape(3, 1, 1))));
        var ex = Assert.Throws<ArgumentException>(() => Ops.Conv(Tensor.Zeros(new Shape(1, 5, 5, 1)), Tensor.Zeros(new Shape(3, 1, 1))));
        Assert.That(ex!.Message, Does.Contain("Kernel shape must have the same length as input"));
    }

    [Test]
    public void Conv_BiasOfWrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => Ops.Conv(Tensor.Zeros(new Shape(1, 5, 5, 1)), Tensor.Zeros(new Shape(3, 3, 1, 2)), bias: Tensor.Zeros(new Shape(3))));

    private static Tensor LeftPad(Tensor x, int count)
    {
        int n = x.Shape[0], steps = x.Shape[1], c = x.Shape[2];
        var v = new float[n * (steps + count) * c];
        var src = x.ToArray();
        for (int b = 0; b < n; b++)
        {
            Array.Copy(src, b * steps * c, v, (b * (steps + count) + count) * c, steps * c);
        }
        return Tensor.FromArray(v, n, steps + count, c);
    }

    private static Tensor Reshape4(Tensor x) => Tensor.FromArray(x.ToArray(), x.Shape[0], 1, x.Shape[1], x.Shape[2]);
}
