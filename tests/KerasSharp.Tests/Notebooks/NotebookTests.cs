using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;

namespace KerasSharp.Tests.Notebooks;

/// <summary>
/// Runs every notebook in <c>notebooks/</c> top to bottom in a C# kernel, as a reader would: a cell that does not
/// compile or throws fails the test with the notebook's name, the cell's number and the diagnostics. The notebooks'
/// <c>#r "nuget: KerasSharp…"</c> line is pointed at the KerasSharp.dll beside the tests (the build under test, with
/// its dependencies next to it).
/// </summary>
[NonParallelizable]
public class NotebookTests
{
    private static readonly Regex PackageReference = new(@"^\s*#r\s+""nuget:\s*KerasSharp\s*(,[^""]*)?""\s*$", RegexOptions.Multiline);

    // the plotting package, which a notebook may reference in a later cell
    private static readonly Regex PlottingReference = new(@"^\s*#r\s+""nuget:\s*KerasSharp\.Plotting\s*(,[^""]*)?""\s*$", RegexOptions.Multiline);

    /// <summary>The notebooks folder of the repository, found upward from the test output folder.</summary>
    private static string NotebooksFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "notebooks");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "KerasSharpDemos.sln")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("No notebooks folder above " + TestContext.CurrentContext.TestDirectory);
    }

    private static IEnumerable<TestCaseData> Notebooks() =>
        Directory.EnumerateFiles(NotebooksFolder(), "*.ipynb")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new TestCaseData(Path.GetFileName(p)).SetName("Notebook_RunsTopToBottom_" + Path.GetFileNameWithoutExtension(p)));

    [Test]
    public void NotebooksFolder_HoldsNotebooks()
    {
        Assert.That(Notebooks().Count(), Is.GreaterThanOrEqualTo(6));
    }

    [TestCaseSource(nameof(Notebooks))]
    public async Task Notebook_RunsTopToBottom(string fileName)
    {
        string path = Path.Combine(NotebooksFolder(), fileName);
        var document = Notebook.Parse(await File.ReadAllTextAsync(path));
        var cells = document.Elements.Select((e, i) => (Element: e, Number: i + 1)).Where(c => c.Element.KernelName == "csharp").ToList();
        Assert.That(cells, Is.Not.Empty, $"{fileName} has no C# cells");
        Assert.That(PackageReference.IsMatch(cells[0].Element.Contents), Is.True, $"{fileName}: the first C# cell should reference the package with #r \"nuget: KerasSharp\"");

        string dll = typeof(Keras).Assembly.Location;
        // the helpers a Polyglot C# kernel has (display, HTML, …)
        using var kernel = new CSharpKernel().UseKernelHelpers();
        string previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = NotebooksFolder();
        try
        {
            foreach (var (element, number) in cells)
            {
                string code = PackageReference.Replace(element.Contents, $"#r \"{dll}\"");
                code = PlottingReference.Replace(code, $"#r \"{typeof(KerasSharp.Plotting.TrainingHistoryPlotting).Assembly.Location}\"");
                var result = await kernel.SubmitCodeAsync(code);
                string output = Output(result);
                await TestContext.Out.WriteAsync($"--- cell {number} ---\n{output}");
                var failure = Describe(result);
                Assert.That(failure, Is.Null, $"{fileName}, cell {number} failed:\n{failure}\n--- cell ---\n{element.Contents}\n--- its output ---\n{output}");
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }
    }

    /// <summary>What a submission printed on standard output and standard error.</summary>
    private static string Output(KernelCommandResult result) =>
        string.Concat(result.Events.OfType<StandardOutputValueProduced>().Concat<DisplayEvent>(result.Events.OfType<StandardErrorValueProduced>())
            .SelectMany(e => e.FormattedValues).Select(v => v.Value));

    /// <summary>The errors a submission produced, or null when it ran cleanly.</summary>
    private static string? Describe(KernelCommandResult result)
    {
        var text = new StringBuilder();
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case DiagnosticsProduced d:
                    foreach (var diagnostic in d.Diagnostics.Where(x => x.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
                    {
                        text.AppendLine(diagnostic.ToString());
                    }
                    break;
                case ErrorProduced error:
                    text.AppendLine(error.Message);
                    break;
                case CommandFailed failed:
                    text.AppendLine(failed.Message);
                    if (failed.Exception is not null and not CodeSubmissionCompilationErrorException)
                    {
                        text.AppendLine(failed.Exception.ToString());
                    }
                    break;
            }
        }
        return text.Length == 0 ? null : text.ToString();
    }
}
