using KerasSharp.Engine;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Engine.TestData;

namespace KerasSharp.Tests.Engine;

/// <summary>Numerical gradient checks (central differences) for every differentiable op in <see cref="Ops"/>.</summary>
public class OpsGradientTests
{
    public sealed record GradCase(Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs, double Rtol = 1e-2, double Atol = 1e-3);

    private static TestCaseData Case(string name, Func<Tensor[], Tensor> f, Func<Tensor[]> inputs, double rtol = 1e-2, double atol = 1e-3) =>
        new TestCaseData(new GradCase(f, inputs, rtol, atol)).SetArgDisplayNames(name);

    private static readonly (string Name, int[] A, int[] B)[] BinaryShapes =
    [
        ("(2,3)&(2,3)", [2, 3], [2, 3]),
        ("(2,3)&(3,)", [2, 3], [3]),
        ("(3,)&(2,3)", [3], [2, 3]),
        ("(2,1)&(1,3)", [2, 1], [1, 3]),
        ("(2,3)&()", [2, 3], []),
        ("()&(2,3)", [], [2, 3]),
        ("(1,3,1,2)&(2,1,4,1)", [1, 3, 1, 2], [2, 1, 4, 1]),
    ];

    public static IEnumerable<TestCaseData> BinaryCases()
    {
        foreach (var (name, sa, sb) in BinaryShapes)
        {
            yield return Case($"Add {name}", x => Ops.Add(x[0], x[1]), () => [Uniform(1, -1, 1, sa), Uniform(2, -1, 1, sb)]);
            yield return Case($"Subtract {name}", x => Ops.Subtract(x[0], x[1]), () => [Uniform(3, -1, 1, sa), Uniform(4, -1, 1, sb)]);
            yield return Case($"Multiply {name}", x => Ops.Multiply(x[0], x[1]), () => [Uniform(5, -1, 1, sa), Uniform(6, -1, 1, sb)]);
            yield return Case($"Divide {name}", x => Ops.Divide(x[0], x[1]), () => [Uniform(7, -1, 1, sa), AwayFromZero(8, 0.5, 2, sb)]);
            // Maximum/Minimum: b = a-ish + offsets of at least 0.2, so no tie is within eps of the finite difference
            yield return Case($"Maximum {name}", x => Ops.Maximum(x[0], x[1]), () => [Distinct(9, 0.3, sa), Distinct(10, 0.3, sb).Plus(0.1f)]);
            yield return Case($"Minimum {name}", x => Ops.Minimum(x[0], x[1]), () => [Distinct(11, 0.3, sa), Distinct(12, 0.3, sb).Plus(0.1f)]);
        }
        yield return Case("Operators a*b+c/d-e", x => (x[0] * x[1]) + (x[2] / x[3]) - (-x[4]),
            () => [Uniform(13, -1, 1, 2, 3), Uniform(14, -1, 1, 3), Uniform(15, -1, 1, 2, 1), AwayFromZero(16, 0.5, 2, 3), Uniform(17, -1, 1)]);
    }

    public static IEnumerable<TestCaseData> WhereCases()
    {
        var cond = Tensor.FromArray([1f, 0f, 1f, 0f, 0f, 1f], 2, 3);
        var condRow = Tensor.FromArray([0f, 1f, 1f]);
        yield return Case("Where same shapes", x => Ops.Where(cond, x[0], x[1]), () => [Uniform(20, -1, 1, 2, 3), Uniform(21, -1, 1, 2, 3)]);
        yield return Case("Where x (3,), y scalar", x => Ops.Where(cond, x[0], x[1]), () => [Uniform(22, -1, 1, 3), Uniform(23, -1, 1)]);
        yield return Case("Where condition broadcast", x => Ops.Where(condRow, x[0], x[1]), () => [Uniform(24, -1, 1, 2, 3), Uniform(25, -1, 1, 2, 1)]);
    }

    public static IEnumerable<TestCaseData> UnaryCases()
    {
        yield return Case("Negative", x => Ops.Negative(x[0]), () => [Uniform(30, -2, 2, 2, 3)]);
        yield return Case("Exp", x => Ops.Exp(x[0]), () => [Uniform(31, -2, 2, 2, 3)]);
        yield return Case("Log", x => Ops.Log(x[0]), () => [Uniform(32, 0.5, 3, 2, 3)]);
        yield return Case("Sqrt", x => Ops.Sqrt(x[0]), () => [Uniform(33, 0.5, 3, 2, 3)]);
        yield return Case("Square", x => Ops.Square(x[0]), () => [Uniform(34, -2, 2, 2, 3)]);
        foreach (var p in new[] { 2f, 3f, 0.5f, -1f, 2.5f })
        {
            yield return Case($"Power p={p} positive base", x => Ops.Power(x[0], p), () => [Uniform(35, 0.5, 2, 2, 3)]);
        }
        foreach (var p in new[] { 2f, 3f })
        {
            yield return Case($"Power p={p} negative base", x => Ops.Power(x[0], p), () => [Uniform(36, -2, -0.5, 2, 3)]);
        }
        yield return Case("Abs", x => Ops.Abs(x[0]), () => [AwayFromZero(37, 0.2, 2, 2, 3)]);
        yield return Case("Clip inside and outside", x => Ops.Clip(x[0], -0.5f, 0.5f),
            () => [Tensor.FromArray([-1.2f, -0.3f, 0.1f, 0.4f, 0.9f, -0.7f, 0.45f, -0.44f], 2, 4)]);
        yield return Case("Sigmoid", x => Ops.Sigmoid(x[0]), () => [Uniform(40, -4, 4, 2, 3)]);
        yield return Case("Tanh", x => Ops.Tanh(x[0]), () => [Uniform(41, -2, 2, 2, 3)]);
        yield return Case("Relu", x => Ops.Relu(x[0]), () => [AwayFromZero(42, 0.1, 2, 2, 3)]);
        yield return Case("Relu6", x => Ops.Relu6(Ops.Multiply(x[0], Tensor.Scalar(4f))), () => [AwayFromZero(48, 0.1, 2, 2, 3)]);
        yield return Case("LeakyRelu default", x => Ops.LeakyRelu(x[0]), () => [AwayFromZero(43, 0.1, 2, 2, 3)]);
        yield return Case("LeakyRelu 0.01", x => Ops.LeakyRelu(x[0], 0.01f), () => [AwayFromZero(44, 0.1, 2, 2, 3)]);
        yield return Case("Elu default", x => Ops.Elu(x[0]), () => [AwayFromZero(45, 0.1, 2, 2, 3)]);
        yield return Case("Elu alpha 0.5", x => Ops.Elu(x[0], 0.5f), () => [AwayFromZero(46, 0.1, 2, 2, 3)]);
        yield return Case("Selu", x => Ops.Selu(x[0]), () => [AwayFromZero(47, 0.1, 2, 2, 3)]);
        yield return Case("Softplus", x => Ops.Softplus(x[0]), () => [Uniform(48, -4, 4, 2, 3)]);
        yield return Case("Softsign", x => Ops.Softsign(x[0]), () => [AwayFromZero(49, 0.1, 3, 2, 3)]);
        yield return Case("Silu", x => Ops.Silu(x[0]), () => [Uniform(50, -4, 4, 2, 3)]);
        yield return Case("Swish", x => Ops.Swish(x[0]), () => [Uniform(51, -4, 4, 2, 3)]);
        yield return Case("Gelu exact", x => Ops.Gelu(x[0]), () => [Uniform(52, -3, 3, 2, 4)]);
        yield return Case("Gelu approximate", x => Ops.Gelu(x[0], approximate: true), () => [Uniform(53, -3, 3, 2, 4)]);
        yield return Case("HardSigmoid", x => Ops.HardSigmoid(x[0]), () => [Tensor.FromArray([-4f, -2.9f, -1f, 0f, 0.5f, 2.5f, 2.9f, 3.5f], 2, 4)]);
    }

    private static readonly (string Name, int[]? Axes)[] AxesCases =
    [
        ("axis 0", [0]), ("axis 1", [1]), ("axis -1", [-1]), ("axes (0,2)", [0, 2]), ("axes (1,-1)", [1, -1]), ("all axes", null),
    ];

    public static IEnumerable<TestCaseData> ReduceCases()
    {
        foreach (var (name, axes) in AxesCases)
        {
            foreach (var keep in new[] { false, true })
            {
                string suffix = $"{name} keepDims={keep}";
                yield return Case($"Sum {suffix}", x => Ops.Sum(x[0], axes, keep), () => [Uniform(60, -1, 1, 2, 3, 4)]);
                yield return Case($"Mean {suffix}", x => Ops.Mean(x[0], axes, keep), () => [Uniform(61, -1, 1, 2, 3, 4)]);
                yield return Case($"Max {suffix}", x => Ops.Max(x[0], axes, keep), () => [Distinct(62, 0.1, 2, 3, 4)]);
                yield return Case($"Min {suffix}", x => Ops.Min(x[0], axes, keep), () => [Distinct(63, 0.1, 2, 3, 4)]);
            }
        }
        yield return Case("Sum single-axis overload", x => Ops.Sum(x[0], 1, true), () => [Uniform(64, -1, 1, 3, 4)]);
        yield return Case("Mean single-axis overload", x => Ops.Mean(x[0], -1), () => [Uniform(65, -1, 1, 3, 4)]);
        yield return Case("Sum of a rank-1 tensor", x => Ops.Sum(x[0]), () => [Uniform(66, -1, 1, 5)]);
    }

    public static IEnumerable<TestCaseData> ShapeCases()
    {
        yield return Case("SumTo (2,3,4)->(3,1)", x => Ops.SumTo(x[0], new Shape(3, 1)), () => [Uniform(70, -1, 1, 2, 3, 4)]);
        yield return Case("SumTo (2,3,4)->(1,1,4)", x => Ops.SumTo(x[0], new Shape(1, 1, 4)), () => [Uniform(71, -1, 1, 2, 3, 4)]);
        yield return Case("SumTo (2,3)->()", x => Ops.SumTo(x[0], Shape.Scalar), () => [Uniform(72, -1, 1, 2, 3)]);
        yield return Case("BroadcastTo (3,1)->(2,3,4)", x => Ops.BroadcastTo(x[0], new Shape(2, 3, 4)), () => [Uniform(73, -1, 1, 3, 1)]);
        yield return Case("BroadcastTo ()->(2,3)", x => Ops.BroadcastTo(x[0], new Shape(2, 3)), () => [Uniform(74, -1, 1)]);
        yield return Case("Reshape (2,3,4)->(4,-1)", x => Ops.Reshape(x[0], new Shape(4, -1)), () => [Uniform(75, -1, 1, 2, 3, 4)]);
        yield return Case("Reshape then Square", x => Ops.Square(Ops.Reshape(x[0], new Shape(6))), () => [Uniform(76, -1, 1, 2, 3)]);
        yield return Case("Transpose rank 3 perm (2,0,1)", x => Ops.Transpose(x[0], [2, 0, 1]), () => [Uniform(77, -1, 1, 2, 3, 4)]);
        yield return Case("Transpose rank 3 perm (1,2,0)", x => Ops.Transpose(x[0], [1, 2, 0]), () => [Uniform(78, -1, 1, 2, 3, 4)]);
        yield return Case("Transpose default (reverse)", x => Ops.Transpose(x[0]), () => [Uniform(79, -1, 1, 2, 3, 4)]);
        yield return Case("SliceRows (5,3)[1:4]", x => Ops.SliceRows(x[0], 1, 3), () => [Uniform(80, -1, 1, 5, 3)]);
        yield return Case("SliceRows (4,2,2)[3:4]", x => Ops.SliceRows(x[0], 3, 1), () => [Uniform(81, -1, 1, 4, 2, 2)]);
    }

    public static IEnumerable<TestCaseData> MatMulCases()
    {
        // op(a): (3, 4), op(b): (4, 5)
        yield return Case("MatMul (3,4)x(4,5)", x => Ops.MatMul(x[0], x[1]), () => [Uniform(90, -1, 1, 3, 4), Uniform(91, -1, 1, 4, 5)]);
        yield return Case("MatMul (4,3)T x(4,5)", x => Ops.MatMul(x[0], x[1], transposeA: true), () => [Uniform(92, -1, 1, 4, 3), Uniform(93, -1, 1, 4, 5)]);
        yield return Case("MatMul (3,4)x(5,4)T", x => Ops.MatMul(x[0], x[1], transposeB: true), () => [Uniform(94, -1, 1, 3, 4), Uniform(95, -1, 1, 5, 4)]);
        yield return Case("MatMul (4,3)T x(5,4)T", x => Ops.MatMul(x[0], x[1], true, true), () => [Uniform(96, -1, 1, 4, 3), Uniform(97, -1, 1, 5, 4)]);
        yield return Case("MatMul rank-3 (2,3,4)x(4,5)", x => Ops.MatMul(x[0], x[1]), () => [Uniform(98, -1, 1, 2, 3, 4), Uniform(99, -1, 1, 4, 5)]);
        yield return Case("MatMul rank-3 (2,3,4)x(5,4)T", x => Ops.MatMul(x[0], x[1], transposeB: true), () => [Uniform(100, -1, 1, 2, 3, 4), Uniform(101, -1, 1, 5, 4)]);
        yield return Case("MatMul (1,7)x(7,1)", x => Ops.MatMul(x[0], x[1]), () => [Uniform(102, -1, 1, 1, 7), Uniform(103, -1, 1, 7, 1)]);
        // op(a[i]): (3, 4), op(b[i]): (4, 5), for 2 batch entries
        yield return Case("BatchMatMul (2,3,4)x(2,4,5)", x => Ops.BatchMatMul(x[0], x[1]), () => [Uniform(104, -1, 1, 2, 3, 4), Uniform(105, -1, 1, 2, 4, 5)]);
        yield return Case("BatchMatMul (2,4,3)T x(2,4,5)", x => Ops.BatchMatMul(x[0], x[1], transposeA: true), () => [Uniform(106, -1, 1, 2, 4, 3), Uniform(107, -1, 1, 2, 4, 5)]);
        yield return Case("BatchMatMul (2,3,4)x(2,5,4)T", x => Ops.BatchMatMul(x[0], x[1], transposeB: true), () => [Uniform(108, -1, 1, 2, 3, 4), Uniform(109, -1, 1, 2, 5, 4)]);
        yield return Case("BatchMatMul (2,4,3)T x(2,5,4)T", x => Ops.BatchMatMul(x[0], x[1], true, true), () => [Uniform(125, -1, 1, 2, 4, 3), Uniform(126, -1, 1, 2, 5, 4)]);
        yield return Case("BatchMatMul (3,1,6)x(3,6,1)", x => Ops.BatchMatMul(x[0], x[1]), () => [Uniform(127, -1, 1, 3, 1, 6), Uniform(128, -1, 1, 3, 6, 1)]);
        yield return Case("BatchMatMul same tensor on both sides", x => Ops.BatchMatMul(x[0], x[0], transposeB: true), () => [Uniform(129, -1, 1, 2, 3, 4)]);
    }

    public static IEnumerable<TestCaseData> SoftmaxCases()
    {
        yield return Case("Softmax last axis rank 3", x => Ops.Softmax(x[0]), () => [Uniform(110, -2, 2, 2, 3, 4)]);
        yield return Case("Softmax axis 0 rank 3", x => Ops.Softmax(x[0], 0), () => [Uniform(111, -2, 2, 2, 3, 4)]);
        yield return Case("Softmax axis 1 rank 3", x => Ops.Softmax(x[0], 1), () => [Uniform(112, -2, 2, 2, 3, 4)]);
        yield return Case("LogSoftmax last axis", x => Ops.LogSoftmax(x[0]), () => [Uniform(113, -2, 2, 2, 3, 4)]);
        yield return Case("LogSoftmax axis 0", x => Ops.LogSoftmax(x[0], 0), () => [Uniform(114, -2, 2, 2, 3, 4)]);
        yield return Case("LogSumExp last axis", x => Ops.LogSumExp(x[0]), () => [Uniform(115, -2, 2, 2, 3, 4)]);
        yield return Case("LogSumExp axis 1 keepDims", x => Ops.LogSumExp(x[0], 1, keepDims: true), () => [Uniform(116, -2, 2, 2, 3, 4)]);
        yield return Case("LogSumExp axis 0 rank 1", x => Ops.LogSumExp(x[0], 0), () => [Uniform(117, -2, 2, 5)]);
        yield return Case("Softmax of shifted large logits", x => Ops.Softmax(x[0] + 100f), () => [Uniform(118, -2, 2, 2, 5)]);
        var labels = Tensor.FromArray([2f, 0f, 3f]);
        yield return Case("SparseSoftmaxCrossEntropy (3,4)", x => Ops.SparseSoftmaxCrossEntropy(labels, x[0]), () => [Uniform(119, -2, 2, 3, 4)]);
        var labels2 = Tensor.FromArray([1f, 0f, 2f, 2f, 0f, 1f], 2, 3);
        yield return Case("BinaryCrossentropy from probabilities, both arguments", x => Ops.BinaryCrossentropy(x[0], x[1]),
            () => [Uniform(121, 0, 1, 2, 3), Uniform(122, 0.05, 0.95, 2, 3)]);
        yield return Case("BinaryCrossentropy from logits, both arguments", x => Ops.BinaryCrossentropy(x[0], x[1], fromLogits: true),
            () => [Uniform(123, 0, 1, 2, 3), Uniform(124, -3, 3, 2, 3)]);
        yield return Case("SparseSoftmaxCrossEntropy (2,3,3)", x => Ops.SparseSoftmaxCrossEntropy(labels2, x[0]), () => [Uniform(120, -2, 2, 2, 3, 3)]);
    }

    public static IEnumerable<TestCaseData> L2NormalizeCases()
    {
        yield return Case("L2Normalize last axis (3,4)", x => Ops.L2Normalize(x[0]), () => [Uniform(130, -1, 1, 3, 4)]);
        yield return Case("L2Normalize axis 1 of (2,3,4)", x => Ops.L2Normalize(x[0], 1), () => [Uniform(131, -1, 1, 2, 3, 4)]);
        yield return Case("L2Normalize axis 0 of (3,2)", x => Ops.L2Normalize(x[0], 0), () => [Uniform(132, -1, 1, 3, 2)]);
        yield return Case("L2Normalize rank 1", x => Ops.L2Normalize(x[0]), () => [Uniform(133, -1, 1, 5)]);
        // norms of about 1e-3 with epsilon 0.01: the clamp is active, the op is x / epsilon there
        yield return Case("L2Normalize clamped below epsilon", x => Ops.L2Normalize(x[0], -1, epsilon: 0.05f),
            () => [Tensor.FromArray([0.001f, -0.002f, 0.0015f, 0.5f, -0.4f, 0.3f], 2, 3)], atol: 1e-2);
    }

    [TestCaseSource(nameof(BinaryCases))]
    [TestCaseSource(nameof(WhereCases))]
    [TestCaseSource(nameof(UnaryCases))]
    [TestCaseSource(nameof(ReduceCases))]
    [TestCaseSource(nameof(ShapeCases))]
    [TestCaseSource(nameof(MatMulCases))]
    [TestCaseSource(nameof(SoftmaxCases))]
    [TestCaseSource(nameof(L2NormalizeCases))]
    public void Gradient_Op_MatchesCentralDifferences(GradCase c) =>
        GradientChecker.Check(c.F, c.Inputs(), rtol: c.Rtol, atol: c.Atol);
}
