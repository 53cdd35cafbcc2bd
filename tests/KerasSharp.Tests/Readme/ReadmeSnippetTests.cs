namespace KerasSharp.Tests.Readme;

/// <summary>
/// Every C# block of the repository's README.md that is not marked <c>&lt;!-- fragment --&gt;</c> compiles as the
/// Program.cs of a new console project that references KerasSharp, and runs to a normal exit.
/// </summary>
[NonParallelizable]
public sealed class ReadmeSnippetTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    private static string ReadmePath => Path.Combine(Path.GetDirectoryName(typeof(ReadmeSnippetTests).Assembly.Location)!, "Readme", "README.md");

    private static IReadOnlyList<ReadmeCodeBlock> ReadmeBlocks() => ReadmeCodeBlock.CSharpBlocks(File.ReadAllText(ReadmePath));

    /// <summary>One case per complete program, named by the README line of its opening fence.</summary>
    public static IEnumerable<TestCaseData> CompletePrograms() =>
        ReadmeBlocks().Where(b => !b.IsFragment).Select(b => new TestCaseData(b).SetArgDisplayNames($"README.md line {b.FenceLine}"));

    [TestCaseSource(nameof(CompletePrograms))]
    public void CompleteProgram_CompiledAndRun_ExitsNormally(ReadmeCodeBlock block)
    {
        Assert.That(block.IsClosed, Is.True, $"README.md line {block.FenceLine}: the C# block has no closing fence.");

        byte[]? assembly = SnippetProgram.Compile(block.Code, out var diagnostics);
        Assert.That(assembly, Is.Not.Null,
            $"README.md line {block.FenceLine}: the C# block does not compile as a complete program. If it is a fragment, put "
            + $"{ReadmeCodeBlock.FragmentMarker} on the line before its fence.\n"
            + string.Join('\n', diagnostics.Select(d => $"  README.md line {block.FirstCodeLine + d.Line - 1}: {d.Message}")));

        int exitCode = SnippetProgram.Run(assembly!, RunTimeout);
        Assert.That(exitCode, Is.Zero, $"README.md line {block.FenceLine}: the program's exit code.");
    }

    [Test]
    public void Readme_QuickStart_IsACompleteProgram()
    {
        var programs = ReadmeBlocks().Where(b => !b.IsFragment).ToList();

        Assert.That(programs.Any(b => b.Code.Contains("new Sequential()", StringComparison.Ordinal) && b.Code.Contains(".Fit(", StringComparison.Ordinal)),
            Is.True, "README.md has no complete C# program that builds and fits a Sequential model (the quick start).");
    }

    [Test]
    public void CSharpBlocks_MarkedAndUnmarkedBlocks_AreToldApart()
    {
        const string markdown = """
            # Title

            ```csharp
            Console.WriteLine(1);
            ```

            <!-- fragment -->
            ```cs
            var y = x;
            ```

            ```sh
            echo no
            ```

            ~~~c#
            int z = 3;
            """;

        var blocks = ReadmeCodeBlock.CSharpBlocks(markdown);

        Assert.That(blocks.Select(b => (b.FenceLine, b.Code, b.IsFragment, b.IsClosed)), Is.EqualTo(new[]
        {
            (3, "Console.WriteLine(1);", false, true),
            (8, "var y = x;", true, true),
            (16, "int z = 3;", false, false),
        }));
    }

    [Test]
    public void Compile_UnknownName_ReportsTheLineOfTheError()
    {
        byte[]? assembly = SnippetProgram.Compile("using KerasSharp.Models;\n\nvar model = Model.Load(path);", out var diagnostics);

        Assert.That(assembly, Is.Null);
        Assert.That(diagnostics, Has.Some.Matches<(int Line, string Message)>(d => d.Line == 3 && d.Message.Contains("CS0103", StringComparison.Ordinal)));
    }

    [Test]
    public void Run_ProgramThatThrows_ThrowsItsMessage()
    {
        byte[]? assembly = SnippetProgram.Compile("throw new InvalidOperationException(\"broken\");", out _);

        Assert.That(() => SnippetProgram.Run(assembly!, RunTimeout), Throws.InvalidOperationException.With.Message.Contains("broken"));
    }
}
