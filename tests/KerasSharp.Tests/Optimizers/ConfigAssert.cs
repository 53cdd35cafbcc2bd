using System.Text.Json;
using System.Text.Json.Nodes;

namespace KerasSharp.Tests.Optimizers;

/// <summary>Compares a config with a Keras fixture: same keys in the same order, numbers to a relative 1e-6.</summary>
internal static class ConfigAssert
{
    public static void Matches(JsonObject actual, JsonObject expected)
    {
        Assert.That(actual.Select(p => p.Key), Is.EqualTo(expected.Select(p => p.Key)), "config keys (in Keras order)");
        foreach (var (key, value) in expected)
        {
            var a = actual[key];
            if (value is null)
            {
                Assert.That(a, Is.Null, key);
            }
            else if (value.GetValueKind() == JsonValueKind.Number)
            {
                Assert.That(a?.GetValueKind(), Is.EqualTo(JsonValueKind.Number), key);
                double e = value.GetValue<double>();
                Assert.That(a!.GetValue<double>(), Is.EqualTo(e).Within(1e-6 * Math.Abs(e) + 1e-12), key);
            }
            else
            {
                Assert.That(a?.ToJsonString(), Is.EqualTo(value.ToJsonString()), key);
            }
        }
    }
}
