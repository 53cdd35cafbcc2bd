using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasSharp.Benchmarks;

/// <summary>
/// Prints results either as one JSON object per line, in the format ../shared/peers/compare.sh reads
/// (<c>{"peer":"kerassharp","workload":"mlp","metric":"sec_per_epoch","value":1.23,"unit":"s"}</c>), or as a readable table.
/// </summary>
public sealed class Reporter(bool json, int run, TextWriter output)
{
    private const string Peer = "kerassharp";
    private bool _headerPrinted;

    /// <summary>Whether lines are JSON.</summary>
    public bool Json => json;

    /// <summary>Reports one figure.</summary>
    public void Emit(string workload, string metric, double value, string unit, JsonObject? extra = null)
    {
        if (json)
        {
            var record = new JsonObject
            {
                ["peer"] = Peer,
                ["workload"] = workload,
                ["metric"] = metric,
                ["value"] = double.IsFinite(value) ? value : null,
                ["unit"] = unit,
                ["run"] = run,
            };
            if (extra is not null)
            {
                record["extra"] = extra.Parent is null ? extra : extra.DeepClone(); // the same extras may go on several lines
            }
            WriteLine(record.ToJsonString());
            return;
        }
        PrintHeader();
        string extraText = extra is null ? "" : "  " + extra.ToJsonString();
        WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-9} {1,-34} {2,14} {3,-9}{4}", workload, metric, Format(value), unit, extraText));
    }

    /// <summary>Reports that a workload could not run (compare.sh skips lines whose value is not a number).</summary>
    public void Error(string workload, string message)
    {
        if (json)
        {
            var record = new JsonObject
            {
                ["peer"] = Peer,
                ["workload"] = workload,
                ["metric"] = "error",
                ["value"] = message,
                ["unit"] = "",
                ["run"] = run,
            };
            WriteLine(record.ToJsonString());
            return;
        }
        PrintHeader();
        WriteLine($"{workload,-9} {"error",-34} {message}");
    }

    /// <summary>A comment: "# ..." (compare.sh ignores lines that do not start with '{').</summary>
    public void Note(string text) => WriteLine("# " + text);

    private void PrintHeader()
    {
        if (_headerPrinted)
        {
            return;
        }
        _headerPrinted = true;
        WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-9} {1,-34} {2,14} {3,-9}", "workload", "metric", "value", "unit"));
        WriteLine(new string('-', 70));
    }

    private static string Format(double value) =>
        !double.IsFinite(value) ? value.ToString(CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1e5 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("G5", CultureInfo.InvariantCulture);

    private void WriteLine(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }

    /// <summary>Builds an "extra" object from name/value pairs.</summary>
    public static JsonObject Extra(params (string Key, object? Value)[] pairs)
    {
        var o = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            o[key] = value switch
            {
                null => null,
                double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
                float f => float.IsFinite(f) ? JsonValue.Create(f) : null,
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                bool b => JsonValue.Create(b),
                string s => JsonValue.Create(s),
                _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
            };
        }
        return o;
    }
}
