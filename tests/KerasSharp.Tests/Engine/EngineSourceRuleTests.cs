using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace KerasSharp.Tests.Engine;

/// <summary>The engine is the bottom layer: nothing under src/KerasSharp/Engine may depend on the rest of KerasSharp.</summary>
public partial class EngineSourceRuleTests
{
    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?(global::)?KerasSharp\.(?!Engine\b)[\w.]*", RegexOptions.Multiline)]
    private static partial Regex NonEngineUsing();

    private static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { TestContext.CurrentContext.TestDirectory, Path.GetDirectoryName(sourceFile) })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KerasSharpDemos.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        Assert.Fail($"Could not find KerasSharpDemos.sln above {TestContext.CurrentContext.TestDirectory}.");
        return "";
    }

    [Test]
    public void EngineSources_NeverUseNonEngineKerasSharpNamespaces()
    {
        var engineDir = Path.Combine(FindRepositoryRoot(), "src", "KerasSharp", "Engine");
        var files = Directory.GetFiles(engineDir, "*.cs", SearchOption.AllDirectories);
        Assert.That(files, Is.Not.Empty, $"no sources found under {engineDir}");
        var violations = new List<string>();
        foreach (var file in files)
        {
            foreach (Match m in NonEngineUsing().Matches(File.ReadAllText(file)))
            {
                violations.Add($"{Path.GetRelativePath(engineDir, file)}: {m.Value.Trim()}");
            }
        }
        Assert.That(violations, Is.Empty, "Engine files must only use KerasSharp.Engine.* namespaces:\n" + string.Join("\n", violations));
    }

    [TestCase("using KerasSharp.Layers;", true)]
    [TestCase("using static KerasSharp.Losses.Loss;", true)]
    [TestCase("global using KerasSharp.Models;", true)]
    [TestCase("using L = KerasSharp.Layers.Dense;", true)]
    [TestCase("using KerasSharp.Engine;", false)]
    [TestCase("using KerasSharp.Engine.Kernels;", false)]
    [TestCase("using KerasSharp.EngineExtras;", true)]
    [TestCase("using System.Numerics.Tensors;", false)]
    public void NonEngineUsingPattern_RecognisesViolations(string line, bool violation) =>
        Assert.That(NonEngineUsing().IsMatch(line), Is.EqualTo(violation));
}
