using KerasSharp.Engine;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Engine.TestData;

// Namespace KerasSharp.Tests.Engine: a namespace named …Engine.Ops would hide the Ops class in the engine tests.
namespace KerasSharp.Tests.Engine;

/// <summary>
/// The ops under the merge layers: <see cref="Ops.BatchMatMul"/>, <see cref="Ops.L2Normalize"/>, the gradient of
/// <see cref="Ops.Maximum"/> / <see cref="Ops.Minimum"/> at ties and NaN, and <see cref="Ops.Concatenate"/> with many
/// inputs. Central-difference checks of every op are in <see cref="OpsGradientTests"/>.
/// </summary>
public class MergeOpsTests
{
    /// <summary>op(a[b])·op(b[b]) in double, from the definition.</summary>
    private static float[] BatchMatMulReference(Tensor a, Tensor b, bool ta, bool tb)
    {
        int batch = a.Shape[0];
        int m = ta ? a.Shape[2] : a.Shape[1], k = ta ? a.Shape[1] : a.Shape[2];
        int n = tb ? b.Shape[1] : b.Shape[2];
        var result = new float[batch * m * n];
        for (int s = 0; s < batch; s++)
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < k; p++)
                    {
                        double av = ta ? a[s, p, i] : a[s, i, p];
                        double bv = tb ? b[s, j, p] : b[s, p, j];
                        sum += av * bv;
                    }
                    result[(s * m + i) * n + j] = (float)sum;
                }
            }
        }
        return result;
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void BatchMatMul_TransposeFlags_MatchTheDefinition(bool transposeA, bool transposeB)
    {
        var a = transposeA ? Uniform(1, -1, 1, 3, 4, 2) : Uniform(1, -1, 1, 3, 2, 4);
        var b = transposeB ? Uniform(2, -1, 1, 3, 5, 4) : Uniform(2, -1, 1, 3, 4, 5);
        var y = Ops.BatchMatMul(a, b, transposeA, transposeB);
        Assert.That(y.Shape, Is.EqualTo(new Shape(3, 2, 5)));
        TensorAssert.AllClose(y, BatchMatMulReference(a, b, transposeA, transposeB), 1e-5, 1e-6);
    }

    [Test]
    public void BatchMatMul_HandComputedExample()
    {
        // batch 0: [1 2]·[[1],[1]] = 3; batch 1: [3 4]·[[2],[-1]] = 2
        var a = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 1, 2);
        var b = Tensor.FromArray([1f, 1f, 2f, -1f], 2, 2, 1);
        TensorAssert.AllClose(Ops.BatchMatMul(a, b), [3f, 2f], 0, 0);
    }

    [Test]
    public void BatchMatMul_BadShapes_ThrowNamingThem()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Ops.BatchMatMul(Uniform(1, -1, 1, 2, 3), Uniform(2, -1, 1, 2, 3, 4)),
                Throws.ArgumentException.With.Message.Contains("two rank-3 tensors").And.Message.Contains("(2, 3) and (2, 3, 4)"));
            Assert.That(() => Ops.BatchMatMul(Uniform(1, -1, 1, 2, 3, 4), Uniform(2, -1, 1, 3, 4, 5)),
                Throws.ArgumentException.With.Message.Contains("same first (batch) axis"));
            Assert.That(() => Ops.BatchMatMul(Uniform(1, -1, 1, 2, 3, 4), Uniform(2, -1, 1, 2, 5, 4)),
                Throws.ArgumentException.With.Message.Contains("inner dimensions 4 and 5 differ"));
        });
    }

    [Test]
    public void BatchMatMul_EmptyBatch_GivesAnEmptyResult() =>
        Assert.That(Ops.BatchMatMul(Tensor.Zeros(new Shape(0, 2, 3)), Tensor.Zeros(new Shape(0, 3, 4))).Shape, Is.EqualTo(new Shape(0, 2, 4)));

    [Test]
    public void L2Normalize_Rows_HaveUnitNormAndKeepDirection()
    {
        var x = Tensor.FromArray(new float[,] { { 3, 4 }, { -1, 0 }, { 0, 0 } });
        var y = Ops.L2Normalize(x);
        // the zero row stays zero: x · rsqrt(max(0, ε²))
        TensorAssert.AllClose(y, [0.6f, 0.8f, -1f, 0f, 0f, 0f], 1e-6, 1e-7);
    }

    [Test]
    public void L2Normalize_MiddleAxis_NormalizesEachColumnOfEachSample()
    {
        var x = Uniform(3, -1, 1, 2, 3, 4);
        var y = Ops.L2Normalize(x, axis: 1);
        for (int b = 0; b < 2; b++)
        {
            for (int q = 0; q < 4; q++)
            {
                double norm = 0, dot = 0;
                for (int j = 0; j < 3; j++)
                {
                    norm += y[b, j, q] * (double)y[b, j, q];
                    dot += y[b, j, q] * (double)x[b, j, q];
                }
                Assert.That(norm, Is.EqualTo(1).Within(1e-6), $"norm of sample {b}, column {q}");
                Assert.That(dot, Is.GreaterThan(0), "same direction as x");
            }
        }
    }

    [Test]
    public void L2Normalize_ZeroLine_HasTheFiniteClampedGradient()
    {
        var x = Tensor.Zeros(new Shape(1, 3));
        using var tape = GradientTape.Record();
        var y = Ops.L2Normalize(x, -1, epsilon: 0.5f);
        var g = tape.Gradient(Ops.Sum(Ops.Multiply(y, Tensor.FromArray([1f, 2f, 3f]))), [x])[0];
        // below the clamp the op is x / ε, so its gradient is w / ε
        TensorAssert.AllClose(g, [2f, 4f, 6f], 1e-6, 1e-7);
    }

    [Test]
    public void L2Normalize_NaN_Propagates() =>
        Assert.That(float.IsNaN(Ops.L2Normalize(Tensor.FromArray([1f, float.NaN])).ToArray()[0]), Is.True);

    [Test]
    public void L2Normalize_Scalar_BecomesAOneElementVector() =>
        TensorAssert.AllClose(Ops.L2Normalize(Tensor.Scalar(-2f)), [-1f], 0, 0);

    private static (Tensor Da, Tensor Db) Gradients(Func<Tensor, Tensor, Tensor> op, Tensor a, Tensor b)
    {
        using var tape = GradientTape.Record();
        var g = tape.Gradient(Ops.Sum(op(a, b)), [a, b]);
        return (g[0], g[1]);
    }

    [Test]
    public void Maximum_Ties_GiveTheGradientToTheFirstOperand_AsTensorFlow()
    {
        // tfjs-core Maximum_grad: da = dy·(a ≥ b), db = dy·(a < b)
        var a = Tensor.FromArray([1f, 2f, 3f, float.NaN]);
        var b = Tensor.FromArray([1f, 5f, 0f, 1f]);
        var (da, db) = Gradients(Ops.Maximum, a, b);
        Assert.Multiple(() =>
        {
            Assert.That(da.ToArray(), Is.EqualTo(new[] { 1f, 0f, 1f, 0f }), "a: the tie, and where a is larger");
            Assert.That(db.ToArray(), Is.EqualTo(new[] { 0f, 1f, 0f, 0f }), "b: only where strictly larger; NaN gives neither any");
        });
    }

    [Test]
    public void Minimum_Ties_GiveTheGradientToTheFirstOperand_AsTensorFlow()
    {
        // tfjs-core Minimum_grad: da = dy·(a ≤ b), db = dy·(a > b)
        var a = Tensor.FromArray([1f, 2f, 3f, float.NaN]);
        var b = Tensor.FromArray([1f, 5f, 0f, 1f]);
        var (da, db) = Gradients(Ops.Minimum, a, b);
        Assert.Multiple(() =>
        {
            Assert.That(da.ToArray(), Is.EqualTo(new[] { 1f, 1f, 0f, 0f }));
            Assert.That(db.ToArray(), Is.EqualTo(new[] { 0f, 0f, 1f, 0f }));
        });
    }

    [Test]
    public void Maximum_BroadcastOperand_SumsItsShareBack()
    {
        // b = 2 broadcast against a row: it wins at 1 and 2 (and loses the tie at 2 to a)
        var a = Tensor.FromArray([1f, 2f, 3f]);
        var b = Tensor.Scalar(2f);
        var (da, db) = Gradients(Ops.Maximum, a, b);
        Assert.Multiple(() =>
        {
            Assert.That(da.ToArray(), Is.EqualTo(new[] { 0f, 1f, 1f }));
            Assert.That(db.Shape, Is.EqualTo(Shape.Scalar));
            Assert.That(db.Item(), Is.EqualTo(1f));
        });
    }

    [Test]
    public void Concatenate_FiveInputs_GradientMatchesCentralDifferences() =>
        GradientChecker.Check(xs => Ops.Concatenate(xs, 1),
            [Uniform(10, -1, 1, 2, 1, 3), Uniform(11, -1, 1, 2, 2, 3), Uniform(12, -1, 1, 2, 1, 3), Uniform(13, -1, 1, 2, 3, 3), Uniform(14, -1, 1, 2, 1, 3)]);

    [Test]
    public void Concatenate_OnlySomeInputsNeedGradients_OthersGetNone()
    {
        var a = Uniform(15, -1, 1, 2, 2);
        var b = Uniform(16, -1, 1, 2, 3);
        using var tape = GradientTape.Record();
        var y = Ops.Concatenate([a, b, a], axis: -1);
        var w = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f], 1, 7);
        var g = tape.Gradient(Ops.Sum(Ops.Multiply(y, w)), [b])[0];
        TensorAssert.AllClose(g, [3f, 4f, 5f, 3f, 4f, 5f], 0, 0);
    }

    [Test]
    public void MergeOps_InATrainingStep_AllocateNothingOnceWarm()
    {
        var a = new Variable(Uniform(20, -1, 1, 4, 3, 2), "a");
        var b = new Variable(Uniform(21, -1, 1, 4, 3, 2), "b");
        Variable[] variables = [a, b];
        var grads = new Tensor[2];
        var parts = new Tensor[3];   // the list a layer receives from its caller
        void Step()
        {
            using var scope = TensorArena.Step();
            using var tape = GradientTape.RecordStep();
            parts[0] = Ops.Maximum(a, b);
            parts[1] = Ops.Minimum(a, b);
            parts[2] = Ops.Add(a, b);
            var joined = Ops.Concatenate(parts, axis: -1);
            var dot = Ops.BatchMatMul(Ops.L2Normalize(joined, 1), b.Value, transposeA: true);
            var loss = Ops.Sum(Ops.Multiply(dot, dot));
            tape.Gradient(loss, variables, grads);
        }
        long bytes = Kernels.Allocation.Measure(Step);
        Assert.That(bytes, Is.Zero);
    }
}
