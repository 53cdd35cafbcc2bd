using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Metrics;
using KerasSharp.Tests.Saving.Tfjs;

namespace KerasSharp.Tests.Metrics;

/// <summary>
/// The metrics TF.js 4.22 has (<c>tf.metrics.*</c>), computed by TF.js (<c>Saving/Tfjs/node/metrics.mjs</c>) and by
/// KerasSharp on the same random batches.
/// </summary>
public class MetricsTfjsTests
{
    private const int Batch = 24;
    private const int Classes = 4;

    private static readonly Lazy<(JsonObject TfjsValues, Data Data)> s_run = new(Run);

    /// <summary>The batches both sides compute on.</summary>
    public sealed record Data(Tensor BinaryTrue, Tensor BinaryPred, Tensor RegTrue, Tensor RegPred, Tensor CatTrue, Tensor CatPred, Tensor SparseTrue);

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("precision", () => new Precision(), d => (d.BinaryTrue, d.BinaryPred));
        yield return Case("recall", () => new Recall(), d => (d.BinaryTrue, d.BinaryPred));
        yield return Case("binaryAccuracy", () => new BinaryAccuracy(), d => (d.BinaryTrue, d.BinaryPred));
        yield return Case("binaryCrossentropy", () => new BinaryCrossentropy(), d => (d.BinaryTrue, d.BinaryPred));
        yield return Case("r2Score", () => new R2Score(), d => (d.RegTrue, d.RegPred));
        yield return Case("meanAbsolutePercentageError", () => new MeanAbsolutePercentageError(), d => (d.RegTrue, d.RegPred));
        yield return Case("meanSquaredError", () => new MeanSquaredError(), d => (d.RegTrue, d.RegPred));
        yield return Case("meanAbsoluteError", () => new MeanAbsoluteError(), d => (d.RegTrue, d.RegPred));
        yield return Case("cosineProximity", () => new CosineSimilarity(), d => (d.CatTrue, d.CatPred), sign: -1);
        yield return Case("categoricalAccuracy", () => new CategoricalAccuracy(), d => (d.CatTrue, d.CatPred));
        yield return Case("categoricalCrossentropy", () => new CategoricalCrossentropy(), d => (d.CatTrue, d.CatPred));
        yield return Case("sparseCategoricalAccuracy", () => new SparseCategoricalAccuracy(), d => (d.SparseTrue, d.CatPred));
    }

    [TestCaseSource(nameof(Cases))]
    public void Result_SameBatchAsTfjs_MatchesTfjs(string tfjsName, Func<Metric> create, Func<Data, (Tensor, Tensor)> select, double sign)
    {
        var (tfjs, data) = s_run.Value;
        var (yTrue, yPred) = select(data);
        var metric = create();
        metric.UpdateState(yTrue, yPred);
        double expected = sign * tfjs[tfjsName]!.GetValue<double>();
        Assert.That(metric.Result(), Is.EqualTo(expected).Within(2e-6 * Math.Max(1, Math.Abs(expected))));
    }

    private static TestCaseData Case(string name, Func<Metric> create, Func<Data, (Tensor, Tensor)> select, double sign = 1) =>
        new TestCaseData(name, create, select, sign).SetArgDisplayNames(name);

    private static (JsonObject, Data) Run()
    {
        var random = new Random(12);
        float[] Uniform(int n, float lo, float hi) => [.. Enumerable.Range(0, n).Select(_ => lo + (float)random.NextDouble() * (hi - lo))];
        var binaryTrue = Enumerable.Range(0, Batch).Select(_ => (float)random.Next(2)).ToArray();
        var binaryPred = Uniform(Batch, 0, 1);
        var regTrue = Uniform(Batch, 0.5f, 3);
        var regPred = Uniform(Batch, 0, 3);
        var sparse = Enumerable.Range(0, Batch).Select(_ => (float)random.Next(Classes)).ToArray();
        var oneHot = new float[Batch * Classes];
        for (int i = 0; i < Batch; i++)
        {
            oneHot[i * Classes + (int)sparse[i]] = 1;
        }
        var scores = Uniform(Batch * Classes, 0.01f, 1);
        var data = new Data(
            Tensor.FromArray(binaryTrue, Batch, 1), Tensor.FromArray(binaryPred, Batch, 1),
            Tensor.FromArray(regTrue, Batch, 1), Tensor.FromArray(regPred, Batch, 1),
            Tensor.FromArray(oneHot, Batch, Classes), Tensor.FromArray(scores, Batch, Classes),
            Tensor.FromArray(sparse, Batch));
        JsonObject Pair(float[] t, float[] p, params int[] shape) => new()
        {
            ["yTrue"] = Floats(t),
            ["yPred"] = Floats(p),
            ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
        };
        var input = new JsonObject
        {
            ["binary"] = Pair(binaryTrue, binaryPred, Batch, 1),
            ["regression"] = Pair(regTrue, regPred, Batch, 1),
            ["categorical"] = Pair(oneHot, scores, Batch, Classes),
            ["sparse"] = Pair(sparse, scores, Batch, Classes),
        };
        string stdout = TfjsNode.RunScript("metrics.mjs", input.ToJsonString());
        string last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return ((JsonObject)JsonNode.Parse(last)!, data);
    }

    // Written as the shortest round-trip float text, so TF.js reads back the same float32 values.
    private static JsonArray Floats(float[] values) =>
        new([.. values.Select(v => (JsonNode)JsonValue.Create(double.Parse(v.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)))]);
}
