using System.Diagnostics;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Tests.Saving.Tfjs;

/// <summary>
/// Runs <c>node/tfjs.mjs</c> (TF.js 4.22 on its pure-JavaScript cpu backend, installed by <c>npm ci</c> in that folder,
/// which CI does) to load the models the library exports and to save models for it to load.
/// </summary>
internal static class TfjsNode
{
    private static readonly Lazy<string> s_folder = new(FindFolder);

    /// <summary>TF.js' prediction for <paramref name="inputs"/> (one per model input) by the model exported into <paramref name="modelDir"/>.</summary>
    public static Tensor Predict(string modelDir, params Tensor[] inputs)
    {
        string inputFile = Path.Combine(modelDir, "..", $"{Path.GetFileName(modelDir)}.input.json");
        string outputFile = Path.Combine(modelDir, "..", $"{Path.GetFileName(modelDir)}.output.json");
        JsonNode json = inputs.Length == 1 ? ToJson(inputs[0]) : new JsonArray([.. inputs.Select(ToJson)]);
        File.WriteAllText(inputFile, json.ToJsonString());
        Run("predict", modelDir, inputFile, outputFile);
        return FromJson(JsonNode.Parse(File.ReadAllText(outputFile))!);
    }

    /// <summary>Has TF.js build and save its test models (<c>sequential</c>, <c>functional</c>, <c>conv</c>, <c>recurrent</c>) into sub-folders of <paramref name="outDir"/>.</summary>
    public static void Save(string outDir) => Run("save", outDir);

    /// <summary>A tensor written by the script as <c>{"shape": [...], "data": [...]}</c>.</summary>
    public static Tensor FromJson(JsonNode node) =>
        Tensor.FromArray(
            [.. node["data"]!.AsArray().Select(v => (float)v!.GetValue<double>())],
            [.. node["shape"]!.AsArray().Select(v => v!.GetValue<int>())]);

    private static JsonObject ToJson(Tensor tensor) => new()
    {
        ["shape"] = new JsonArray([.. tensor.Shape.ToArray().Select(d => (JsonNode)d)]),
        ["data"] = new JsonArray([.. tensor.ToArray().Select(v => (JsonNode)(double)v)]),
    };

    /// <summary>
    /// Runs another script of the same folder (e.g. <c>optimizers.mjs</c>) with TF.js available to it, and returns
    /// what it printed on standard output. Fails the test when TF.js is not installed or the script fails.
    /// </summary>
    /// <param name="script">The script's file name in <c>Saving/Tfjs/node</c>.</param>
    /// <param name="args">Its arguments.</param>
    public static string RunScript(string script, params string[] args) => RunFile(script, args);

    private static void Run(params string[] args) => RunFile("tfjs.mjs", args);

    private static string RunFile(string script, string[] args)
    {
        string folder = s_folder.Value;
        if (!File.Exists(Path.Combine(folder, "node_modules", "@tensorflow", "tfjs", "package.json")))
        {
            Assert.Fail($"TF.js is not installed for the interop tests: run `npm ci` in {folder} (.ci/run does).");
        }
        var info = new ProcessStartInfo(File.Exists("/usr/bin/node") ? "/usr/bin/node" : "node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(folder, script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Node.js is needed for the TF.js interop tests and could not be started: {e.Message}");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node {script} {string.Join(' ', args)} did not finish in 2 minutes");
            }
            Assert.That(process.ExitCode, Is.EqualTo(0), $"node {script} {string.Join(' ', args)} failed:\n{stderr.Result}\n{stdout.Result}");
            return stdout.Result;
        }
    }

    /// <summary>The script's folder in the source tree (the tests run from the project's bin folder).</summary>
    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Saving", "Tfjs", "node");
            if (File.Exists(Path.Combine(candidate, "tfjs.mjs")))
            {
                return candidate;
            }
        }
        Assert.Fail($"The folder Saving/Tfjs/node with tfjs.mjs was not found above {TestContext.CurrentContext.TestDirectory}.");
        return "";
    }
}
