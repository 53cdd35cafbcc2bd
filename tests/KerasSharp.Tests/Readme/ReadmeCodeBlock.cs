namespace KerasSharp.Tests.Readme;

/// <summary>
/// A fenced C# code block of a Markdown file: where it starts, its code, and whether it is marked as a fragment
/// (the line just before its opening fence is <c>&lt;!-- fragment --&gt;</c>). A block that is not a fragment is a
/// complete program.
/// </summary>
/// <param name="FenceLine">The 1-based line of the opening fence.</param>
/// <param name="Code">The lines between the fences.</param>
/// <param name="IsFragment">True when the block is marked as a fragment.</param>
/// <param name="IsClosed">False when the file ends before the closing fence.</param>
public sealed record ReadmeCodeBlock(int FenceLine, string Code, bool IsFragment, bool IsClosed)
{
    /// <summary>The marker on the line before a fence that says the block is not a complete program.</summary>
    public const string FragmentMarker = "<!-- fragment -->";

    private static readonly HashSet<string> CSharpLanguages = new(StringComparer.OrdinalIgnoreCase) { "csharp", "cs", "c#" };

    /// <summary>The 1-based line of the file that holds the block's first code line.</summary>
    public int FirstCodeLine => FenceLine + 1;

    /// <summary>The C# blocks of a Markdown text, in order.</summary>
    public static IReadOnlyList<ReadmeCodeBlock> CSharpBlocks(string markdown)
    {
        string[] lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<ReadmeCodeBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            string open = lines[i].TrimStart();
            char fenceChar = open.StartsWith("```", StringComparison.Ordinal) ? '`' : open.StartsWith("~~~", StringComparison.Ordinal) ? '~' : '\0';
            if (fenceChar == '\0')
            {
                continue;
            }
            int fenceLength = open.Length - open.TrimStart(fenceChar).Length;
            string info = open[fenceLength..].Trim();
            string language = info.Split(' ', 2)[0];

            int close = i + 1;
            while (close < lines.Length && !IsClosingFence(lines[close], fenceChar, fenceLength))
            {
                close++;
            }
            if (CSharpLanguages.Contains(language))
            {
                bool fragment = i > 0 && lines[i - 1].Trim() == FragmentMarker;
                string code = string.Join('\n', lines[(i + 1)..Math.Min(close, lines.Length)]);
                blocks.Add(new ReadmeCodeBlock(i + 1, code, fragment, close < lines.Length));
            }
            i = close;
        }
        return blocks;
    }

    private static bool IsClosingFence(string line, char fenceChar, int fenceLength)
    {
        string trimmed = line.Trim();
        return trimmed.Length >= fenceLength && trimmed.All(c => c == fenceChar);
    }
}
