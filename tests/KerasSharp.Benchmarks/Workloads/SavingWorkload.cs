using System.Diagnostics;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Benchmarks.Workloads;

/// <summary>
/// "saving": how long files take. Loads the largest real Keras file of the test data (the first load in the process,
/// then the median of warm loads) and saves and loads a 100 MB model (Input 5000 → Dense 5000: 25,005,000 float32
/// weights) as a Keras 3 <c>.keras</c> archive and as a legacy <c>.h5</c> file, in a temporary folder.
/// </summary>
public static class SavingWorkload
{
    private const int Repeats = 3;

    /// <summary>Runs the workload.</summary>
    public static void Run(BenchOptions options, Reporter report)
    {
        var largest = LargestFixture();
        if (largest is null)
        {
            report.Note("saving: the test data folder tests/KerasSharp.Tests/Saving/KerasFiles was not found; fixture load skipped");
        }
        else
        {
            var info = new FileInfo(largest);
            report.Emit("saving", "load_largest_fixture_cold", Seconds(() => Model.Load(largest, compile: false)) * 1000, "ms",
                Reporter.Extra(("file", info.Name), ("bytes", info.Length), ("note", "first load in the process")));
            report.Emit("saving", "load_largest_fixture_warm", Median(() => Model.Load(largest, compile: false)) * 1000, "ms",
                Reporter.Extra(("file", info.Name), ("bytes", info.Length)));
        }

        var folder = Directory.CreateTempSubdirectory("kerassharp-saving-bench-").FullName;
        try
        {
            var model = new Sequential([new Input(shape: [5000]), new Dense(5000)]);
            foreach (var extension in new[] { ".keras", ".h5" })
            {
                string path = Path.Combine(folder, "model" + extension);
                double save = Median(() => model.Save(path));
                long bytes = new FileInfo(path).Length;
                report.Emit("saving", $"save_100mb{extension.Replace('.', '_')}", save, "s", Reporter.Extra(("bytes", bytes)));
                report.Emit("saving", $"load_100mb{extension.Replace('.', '_')}", Median(() => Model.Load(path, compile: false)), "s",
                    Reporter.Extra(("bytes", bytes), ("mb_per_s", bytes / 1e6 / Median(() => Model.Load(path, compile: false)))));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Seconds(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(Action action)
    {
        var times = new double[Repeats];
        for (int i = 0; i < Repeats; i++)
        {
            times[i] = Seconds(action);
        }
        Array.Sort(times);
        return times[Repeats / 2];
    }

    // the largest model file (or TF.js model folder's model.json) under the test data, found from the repository root
    private static string? LargestFixture()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string root = Path.Combine(dir.FullName, "tests", "KerasSharp.Tests", "Saving", "KerasFiles");
            if (!Directory.Exists(root))
            {
                continue;
            }
            return Directory.EnumerateFiles(root, "*.expected.json", SearchOption.AllDirectories)
                .Select(e => e[..^".expected.json".Length])
                .Where(File.Exists)
                .MaxBy(ModelBytes);
        }
        return null;
    }

    // a TF.js model's size is its model.json and weight shards together
    private static long ModelBytes(string path) => Path.GetFileName(path) == "model.json"
        ? Directory.EnumerateFiles(Path.GetDirectoryName(path)!).Sum(f => new FileInfo(f).Length)
        : new FileInfo(path).Length;
}
