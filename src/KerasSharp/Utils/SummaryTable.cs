using System.Globalization;
using System.Text;

namespace KerasSharp.Utils;

/// <summary>One layer row of a model summary.</summary>
/// <param name="LayerName">Layer name, e.g. <c>dense_1</c>.</param>
/// <param name="ClassName">Layer class name, e.g. <c>Dense</c>.</param>
/// <param name="OutputShape">Output shape text, e.g. <c>(None, 64)</c>.</param>
/// <param name="Params">Number of scalar parameters of the layer.</param>
/// <param name="Built">False for a layer without weights yet; its count prints as <c>0 (unbuilt)</c>.</param>
/// <param name="ConnectedTo">
/// The <c>Connected to</c> cell of a Functional model's table (<c>dense[0][0], input_layer[0][0]</c>, or <c>-</c>);
/// null in a table without that column.
/// </param>
internal readonly record struct SummaryRow(string LayerName, string ClassName, string OutputShape, long Params, bool Built = true, string? ConnectedTo = null);

/// <summary>
/// Renders the Keras 3 <c>model.summary()</c> text: a boxed table, three columns for sequential-like models
/// (<c>Layer (type)</c>, <c>Output Shape</c>, <c>Param #</c>) and a fourth, <c>Connected to</c>, for other
/// Functional models (see <see cref="SummaryLayout"/>), followed by the parameter totals.
/// </summary>
internal static class SummaryTable
{
    /// <summary>Default table width when no terminal width is known (80 columns minus 4).</summary>
    internal const int DefaultLineLength = 76;

    /// <summary>Widest table Keras draws for sequential-like models, even on a wide terminal.</summary>
    internal const int MaxLineLength = 88;

    /// <summary>Narrowest table this renderer accepts.</summary>
    internal const int MinLineLength = 20;

    /// <summary>
    /// Table width Keras picks for a terminal of <paramref name="columns"/> columns:
    /// <c>min(88, columns - 4)</c>, but never below <see cref="MinLineLength"/>.
    /// </summary>
    internal static int LineLengthFor(int columns) => LineLengthFor(columns, SummaryLayout.Sequential);

    /// <summary>
    /// Table width Keras picks for a terminal of <paramref name="columns"/> columns and a layout:
    /// <c>min(layout maximum, columns - 4)</c> (88 sequential-like, 108 with <c>Connected to</c>), never below
    /// <see cref="MinLineLength"/>.
    /// </summary>
    internal static int LineLengthFor(int columns, SummaryLayout layout) =>
        Math.Max(MinLineLength, Math.Min(layout.MaxLineLength, columns - 4));

    /// <summary>
    /// A shape as Keras' summary prints it: the dimensions joined by <c>", "</c> in parentheses, <c>None</c> for an
    /// unknown one, so <c>(None, 64)</c>, and <c>(None)</c> for one dimension (not Python's <c>(None,)</c>).
    /// </summary>
    internal static string FormatShape(Engine.Shape shape)
    {
        var text = new StringBuilder("(");
        for (int i = 0; i < shape.Rank; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            text.Append(shape[i] < 0 ? "None" : shape[i].ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(')').ToString();
    }

    /// <summary>The output shapes of a layer call: one shape alone, several as a list <c>[(None, 3), (None, 4)]</c>.</summary>
    internal static string FormatShapes(IReadOnlyList<Engine.Shape> shapes) =>
        shapes.Count == 1 ? FormatShape(shapes[0]) : "[" + string.Join(", ", shapes.Select(FormatShape)) + "]";

    /// <summary>Renders the summary text; every line, including the last, ends with <c>\n</c>.</summary>
    /// <param name="modelName">Model name shown as <c>Model: "name"</c>.</param>
    /// <param name="rows">Layer rows, in order.</param>
    /// <param name="totalParams">
    /// Parameter count of the model's own weights (trainable plus non-trainable). The printed total adds
    /// <paramref name="optimizerParams"/> when given, as Keras does once the optimizer is built.
    /// </param>
    /// <param name="trainableParams">Trainable parameter count.</param>
    /// <param name="nonTrainableParams">Non-trainable parameter count.</param>
    /// <param name="optimizerParams">Optimizer variable count, or null to omit the optimizer line.</param>
    /// <param name="optimizerBytes">Size of the optimizer variables in bytes; defaults to 4 bytes per parameter.</param>
    /// <param name="lineLength">Total table width in characters (76 without a terminal, at most 88 in Keras).</param>
    /// <param name="unicode">Draw with box-drawing characters; otherwise with <c>+ - = |</c> and <c>~</c> for cut text.</param>
    /// <param name="trainableBytes">Size of the trainable weights in bytes; defaults to 4 bytes per parameter.</param>
    /// <param name="nonTrainableBytes">Size of the non-trainable weights in bytes; defaults to 4 bytes per parameter.</param>
    /// <param name="layout">The columns (default <see cref="SummaryLayout.Sequential"/>).</param>
    /// <remarks>The printed total size is the sum of the trainable, non-trainable and optimizer sizes.</remarks>
    internal static string Render(
        string modelName,
        IReadOnlyList<SummaryRow> rows,
        long totalParams,
        long trainableParams,
        long nonTrainableParams,
        long? optimizerParams = null,
        long? optimizerBytes = null,
        int lineLength = DefaultLineLength,
        bool unicode = true,
        long? trainableBytes = null,
        long? nonTrainableBytes = null,
        SummaryLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(lineLength, MinLineLength);

        layout ??= SummaryLayout.Sequential;
        var box = unicode ? Box.Heavy : Box.Ascii;
        int[] widths = ColumnWidths(lineLength, layout.Positions);
        var text = new StringBuilder();
        text.Append("Model: \"").Append(modelName).Append("\"\n");

        AppendRule(text, widths, box.TopLeft, box.TopHorizontal, box.TopDivider, box.TopRight);
        AppendCells(text, widths, layout.Headers, layout.RightAligned, box.HeadVertical, box.Ellipsis);
        AppendRule(text, widths, box.HeadRuleLeft, box.HeadRuleHorizontal, box.HeadRuleCross, box.HeadRuleRight);
        for (int i = 0; i < rows.Count; i++)
        {
            if (i > 0)
            {
                AppendRule(text, widths, box.RowLeft, box.RowHorizontal, box.RowCross, box.RowRight);
            }

            var row = rows[i];
            string parameters = row.Built ? FormatCount(row.Params) : "0 (unbuilt)";
            string[] cells = layout.HasConnections
                ? [$"{row.LayerName} ({row.ClassName})", row.OutputShape, parameters, row.ConnectedTo ?? "-"]
                : [$"{row.LayerName} ({row.ClassName})", row.OutputShape, parameters];
            AppendCells(text, widths, cells, layout.RightAligned, box.BodyVertical, box.Ellipsis);
        }

        AppendRule(text, widths, box.BottomLeft, box.BottomHorizontal, box.BottomDivider, box.BottomRight);

        long trainableSize = trainableBytes ?? trainableParams * 4;
        long nonTrainableSize = nonTrainableBytes ?? nonTrainableParams * 4;
        long total = totalParams;
        long totalSize = trainableSize + nonTrainableSize;
        long optimizerSize = 0;
        if (optimizerParams is long optimizerCount)
        {
            optimizerSize = optimizerBytes ?? optimizerCount * 4;
            total += optimizerCount;
            totalSize += optimizerSize;
        }

        AppendTotal(text, "Total params", total, totalSize);
        AppendTotal(text, "Trainable params", trainableParams, trainableSize);
        AppendTotal(text, "Non-trainable params", nonTrainableParams, nonTrainableSize);
        if (optimizerParams is long optimizerLine)
        {
            AppendTotal(text, "Optimizer params", optimizerLine, optimizerSize);
        }

        return text.ToString();
    }

    /// <summary>Formats a count with comma thousands separators, e.g. <c>152,672</c>.</summary>
    internal static string FormatCount(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats a byte count as Keras does: <c>{:.2f} {unit}</c> over B, KB, MB, GB with base 1024,
    /// e.g. <c>596.38 KB</c>.
    /// </summary>
    internal static string FormatBytes(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB"];
        double size = bytes;
        int unit = 0;
        while (unit < units.Length - 1 && !(size / 1024 < 1))
        {
            size /= 1024;
            unit++;
        }

        return Progbar.FormatFixed(size, 2) + " " + units[unit];
    }

    /// <summary>Cell widths of the sequential-like table (see <see cref="ColumnWidths(int, double[])"/>).</summary>
    internal static int[] ColumnWidths(int lineLength) => ColumnWidths(lineLength, SummaryLayout.Sequential.Positions);

    /// <summary>
    /// Cell widths including the one-space padding on each side. Keras asks for content widths from the
    /// cumulative positions (0.45 / 0.80 / 1.0 of the line length for sequential-like models); with padding and
    /// borders that is too wide, so the excess is taken from the columns as evenly as possible (76 gives
    /// 33 / 24 / 15, 88 gives 38 / 29 / 17; the Functional positions 0.3 / 0.56 / 0.74 / 1.0 at 76 give
    /// 21 / 19 / 12 / 19).
    /// </summary>
    internal static int[] ColumnWidths(int lineLength, double[] positions)
    {
        int columns = positions.Length;
        int available = lineLength - (columns + 1);
        var widths = new int[columns];
        int previous = 0;
        for (int i = 0; i < columns; i++)
        {
            int position = (int)(lineLength * positions[i]);
            widths[i] = Math.Min(position - previous + 2, available);
            previous = position;
        }

        int excess = widths.Sum() - available;
        if (excess > 0)
        {
            // Take the excess evenly, column by column, rounding each share half to even.
            int remainingColumns = columns;
            int remaining = excess;
            for (int i = 0; i < columns; i++)
            {
                int share = (int)Math.Min(widths[i], Math.Round((double)remaining / remainingColumns, MidpointRounding.ToEven));
                widths[i] -= share;
                remaining -= share;
                remainingColumns--;
            }
        }

        if (widths.Any(w => w < 3))
        {
            throw new ArgumentOutOfRangeException(nameof(lineLength), lineLength, "Line length is too small for the summary table.");
        }

        return widths;
    }

    /// <summary>
    /// Wraps <paramref name="text"/> into lines of exactly <paramref name="width"/> characters: breaks at spaces,
    /// cuts a word longer than the width with <paramref name="ellipsis"/>, and pads each line on the right
    /// (left-aligned) or on the left (right-aligned).
    /// </summary>
    internal static List<string> WrapCell(string text, int width, bool rightAligned, char ellipsis = '…')
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var lines = new List<string>();
        foreach (string paragraph in text.Split('\n'))
        {
            foreach (string piece in Divide(paragraph, width))
            {
                string line = piece;
                if (line.Length > width)
                {
                    // Drop trailing spaces that only overflow the width.
                    int trailing = line.Length - line.TrimEnd().Length;
                    line = line[..(line.Length - Math.Min(trailing, line.Length - width))];
                }

                if (rightAligned)
                {
                    line = line.TrimEnd();
                }

                if (line.Length > width)
                {
                    line = line[..(width - 1)] + ellipsis;
                }

                lines.Add(rightAligned ? line.PadLeft(width) : line.PadRight(width));
            }
        }

        return lines;
    }

    /// <summary>Splits one line of text at word starts so that words fit the width where possible.</summary>
    private static List<string> Divide(string text, int width)
    {
        var pieces = new List<string>();
        int lineStart = 0;
        int offset = 0;
        int position = 0;
        while (position < text.Length)
        {
            // A word is optional leading spaces, a run of non-spaces, and its trailing spaces.
            int start = position;
            int end = position;
            while (end < text.Length && char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            if (end == text.Length)
            {
                break;
            }

            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            int visibleEnd = end;
            while (end < text.Length && char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            int visibleLength = visibleEnd - start;
            int fullLength = end - start;
            if (width - offset >= visibleLength)
            {
                offset += fullLength;
            }
            else if (visibleLength > width)
            {
                if (start > 0)
                {
                    pieces.Add(text[lineStart..start]);
                    lineStart = start;
                }

                offset = fullLength;
            }
            else if (offset > 0 && start > 0)
            {
                pieces.Add(text[lineStart..start]);
                lineStart = start;
                offset = fullLength;
            }

            position = end;
        }

        pieces.Add(text[lineStart..]);
        return pieces;
    }

    private static void AppendRule(StringBuilder text, int[] widths, char left, char horizontal, char divider, char right)
    {
        text.Append(left);
        for (int i = 0; i < widths.Length; i++)
        {
            if (i > 0)
            {
                text.Append(divider);
            }

            text.Append(horizontal, widths[i]);
        }

        text.Append(right).Append('\n');
    }

    private static void AppendCells(StringBuilder text, int[] widths, string[] cells, bool[] rightAligned, char vertical, char ellipsis)
    {
        var wrapped = new List<string>[cells.Length];
        int height = 0;
        for (int i = 0; i < cells.Length; i++)
        {
            wrapped[i] = WrapCell(cells[i], widths[i] - 2, rightAligned[i], ellipsis);
            height = Math.Max(height, wrapped[i].Count);
        }

        for (int line = 0; line < height; line++)
        {
            text.Append(vertical);
            for (int i = 0; i < cells.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(vertical);
                }

                string content = line < wrapped[i].Count ? wrapped[i][line] : new string(' ', widths[i] - 2);
                text.Append(' ').Append(content).Append(' ');
            }

            text.Append(vertical).Append('\n');
        }
    }

    private static void AppendTotal(StringBuilder text, string label, long count, long bytes) =>
        text.Append(' ').Append(label).Append(": ").Append(FormatCount(count))
            .Append(" (").Append(FormatBytes(bytes)).Append(")\n");

    private sealed record Box(
        char TopLeft, char TopHorizontal, char TopDivider, char TopRight,
        char HeadVertical,
        char HeadRuleLeft, char HeadRuleHorizontal, char HeadRuleCross, char HeadRuleRight,
        char BodyVertical,
        char RowLeft, char RowHorizontal, char RowCross, char RowRight,
        char BottomLeft, char BottomHorizontal, char BottomDivider, char BottomRight,
        char Ellipsis)
    {
        internal static readonly Box Heavy = new(
            '┏', '━', '┳', '┓',
            '┃',
            '┡', '━', '╇', '┩',
            '│',
            '├', '─', '┼', '┤',
            '└', '─', '┴', '┘',
            '…');

        internal static readonly Box Ascii = new(
            '+', '-', '+', '+',
            '|',
            '+', '=', '+', '+',
            '|',
            '+', '-', '+', '+',
            '+', '-', '+', '+',
            '~');
    }
}
