using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Saving.Tfjs;

namespace KerasSharp.Tests.Losses;

/// <summary>
/// The losses TF.js 4.22 also has, against its values (<c>losses.mjs</c>: <c>model.evaluate</c> of an identity model,
/// i.e. the mean of TF.js' per-sample losses). Where TF.js differs from Keras 3 the cases avoid the difference:
/// TF.js' <c>hinge</c>/<c>squaredHinge</c> do not convert 0/1 labels to −1/1 (Keras does, so the labels here are
/// −1/1), and its <c>cosineProximity</c> keeps the squared norm ≥ 1e-7 where Keras keeps it ≥ 1e-14 (only vectors
/// of norm below ~3e-4 differ; these are not).
/// </summary>
public class TfjsLossCrossCheckTests
{
    private static readonly float[,] Positive = { { 0.2f, 0.7f, 0.4f, 1.5f }, { 0.9f, 0.1f, 0.5f, 3 }, { 2, 0.05f, 0.3f, 0.6f } };
    private static readonly float[,] PositivePred = { { 0.5f, 0.3f, 0.6f, 1 }, { 0.6f, 0.4f, 0.15f, 2.5f }, { 1.2f, 0.3f, 0.3f, 0.01f } };
    private static readonly float[,] Signs = { { -1, 1, 1, -1 }, { 1, -1, -1, 1 }, { 1, 1, -1, -1 } };
    private static readonly float[,] Scores = { { 0.3f, -0.4f, 0.5f, -2 }, { 1.6f, 0.2f, -0.7f, 0.1f }, { -0.9f, 2.2f, 0.4f, 0.05f } };
    private static readonly float[,] OneHot = { { 0, 1, 0, 0 }, { 0, 0, 0, 1 }, { 1, 0, 0, 0 } };
    private static readonly float[,] Distribution = { { 0.1f, 0.6f, 0.2f, 0.1f }, { 0.25f, 0.25f, 0.25f, 0.25f }, { 0.7f, 0.1f, 0.1f, 0.1f } };
    private static readonly float[,] Signed = { { 0.3f, -1.2f, 2, 0.4f }, { -0.5f, 0.5f, 1, -1 }, { 3, 0.2f, -0.1f, 0.7f } };

    private static readonly (string Tfjs, Func<Loss> Loss, float[,] YTrue, float[,] YPred)[] s_cases =
    [
        ("meanAbsolutePercentageError", () => new MeanAbsolutePercentageError(), Positive, PositivePred),
        ("meanSquaredLogarithmicError", () => new MeanSquaredLogarithmicError(), Positive, PositivePred),
        ("hinge", () => new Hinge(), Signs, Scores),
        ("squaredHinge", () => new SquaredHinge(), Signs, Scores),
        ("categoricalHinge", () => new CategoricalHinge(), OneHot, Scores),
        ("logcosh", () => new LogCosh(), Positive, Scores),
        ("kullbackLeiblerDivergence", () => new KLDivergence(), Distribution, PositivePred),
        ("poisson", () => new Poisson(), Positive, PositivePred),
        ("cosineProximity", () => new CosineSimilarity(), Signed, Scores),
    ];

    private static readonly Lazy<double[]> s_tfjs = new(() =>
    {
        var cases = new JsonArray([.. s_cases.Select(c => (JsonNode)new JsonObject
        {
            ["loss"] = c.Tfjs,
            ["yTrue"] = Json(c.YTrue),
            ["yPred"] = Json(c.YPred),
        })]);
        string output = TfjsNode.RunScript("losses.mjs", cases.ToJsonString());
        string line = output.Split('\n').First(l => l.StartsWith('['));
        return JsonNode.Parse(line)!.AsArray().Select(v => double.Parse(v!.ToJsonString(), CultureInfo.InvariantCulture)).ToArray();
    });

    private static JsonObject Json(float[,] values) => new()
    {
        ["shape"] = new JsonArray(values.GetLength(0), values.GetLength(1)),
        ["data"] = new JsonArray([.. values.Cast<float>().Select(v => (JsonNode)(double)v)]),
    };

    public static IEnumerable<TestCaseData> Cases() => s_cases.Select((c, i) => new TestCaseData(i).SetArgDisplayNames(c.Tfjs));

    [TestCaseSource(nameof(Cases))]
    public void Compute_MatchesTfjs(int index)
    {
        var (_, loss, yTrue, yPred) = s_cases[index];
        double ours = loss().Compute(Tensor.FromArray(yTrue), Tensor.FromArray(yPred)).Item();
        double expected = s_tfjs.Value[index];
        Assert.That(ours, Is.EqualTo(expected).Within(Math.Max(1e-6, 1e-6 * Math.Abs(expected))));
    }
}
