using KerasSharp.Utils;

namespace KerasSharp.Tests.Utils;

/// <summary>Exact-output tests for the Keras 3 style model summary table.</summary>
[TestFixture]
public class SummaryTableTests
{
    private static readonly SummaryRow[] ThreeDense =
    [
        new("dense", "Dense", "(None, 64)", 1408),
        new("dense_1", "Dense", "(None, 64)", 4160),
        new("dense_2", "Dense", "(None, 1)", 65),
    ];

    [Test]
    public void Render_ThreeDenseSequential_MatchesKerasVerbatim()
    {
        string text = SummaryTable.Render("sequential", ThreeDense, 5633, 5633, 0);

        string expected =
            """
            Model: "sequential"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
            │ dense (Dense)                   │ (None, 64)             │         1,408 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense_1 (Dense)                 │ (None, 64)             │         4,160 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense_2 (Dense)                 │ (None, 1)              │            65 │
            └─────────────────────────────────┴────────────────────────┴───────────────┘
             Total params: 5,633 (22.00 KB)
             Trainable params: 5,633 (22.00 KB)
             Non-trainable params: 0 (0.00 B)

            """;
        Assert.That(text, Is.EqualTo(expected.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Render_AllLinesOfTheTableAreExactlyTheLineLength()
    {
        foreach (int length in new[] { 76, 88, 60 })
        {
            string[] lines = SummaryTable.Render("m", ThreeDense, 5633, 5633, 0, lineLength: length).Split('\n');
            string[] tableLines = lines.Skip(1).TakeWhile(l => l.Length > 0 && l[0] != ' ').ToArray();
            Assert.That(tableLines, Has.Length.EqualTo(9));
            Assert.That(tableLines.Select(l => l.Length), Is.All.EqualTo(length), $"line length {length}");
        }
    }

    [Test]
    public void Render_WithOptimizer_FooterMatchesKeras()
    {
        SummaryRow[] rows =
        [
            new("dense", "Dense", "(None, 64)", 50240),
            new("dense_1", "Dense", "(None, 10)", 650),
        ];

        string text = SummaryTable.Render(
            "sequential", rows, 50890, 50890, 0, optimizerParams: 101782, optimizerBytes: 407132);

        string footer =
            """
             Total params: 152,672 (596.38 KB)
             Trainable params: 50,890 (198.79 KB)
             Non-trainable params: 0 (0.00 B)
             Optimizer params: 101,782 (397.59 KB)

            """;
        Assert.That(text, Does.EndWith("┘\n" + footer.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Render_WithoutOptimizerBytes_AssumesFourBytesPerParameter()
    {
        string text = SummaryTable.Render("m", [], 100, 90, 10, optimizerParams: 300);

        string footer =
            """
             Total params: 400 (1.56 KB)
             Trainable params: 90 (360.00 B)
             Non-trainable params: 10 (40.00 B)
             Optimizer params: 300 (1.17 KB)

            """;
        Assert.That(text, Does.EndWith(footer.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Render_ExplicitWeightBytes_AreUsedForSizes()
    {
        string text = SummaryTable.Render("m", [], 10, 8, 2, trainableBytes: 64, nonTrainableBytes: 16);

        Assert.That(text, Does.EndWith(" Total params: 10 (80.00 B)\n Trainable params: 8 (64.00 B)\n Non-trainable params: 2 (16.00 B)\n"));
    }

    [Test]
    public void Render_NoOptimizer_OmitsOptimizerLine()
    {
        string text = SummaryTable.Render("m", ThreeDense, 5633, 5633, 0);

        Assert.That(text, Does.Not.Contain("Optimizer params"));
    }

    [Test]
    public void Render_LongShape_WrapsOnSpaces()
    {
        SummaryRow[] rows = [new("conv", "Conv3D", "(None, 128, 128, 3, 64, 32)", 100)];

        string[] lines = SummaryTable.Render("m", rows, 100, 100, 0).Split('\n');

        Assert.That(lines[4], Is.EqualTo($"│ {"conv (Conv3D)",-31} │ {"(None, 128, 128, 3,",-22} │ {"100",13} │"));
        Assert.That(lines[5], Is.EqualTo($"│ {"",-31} │ {"64, 32)",-22} │ {"",13} │"));
        Assert.That(lines[6], Does.StartWith("└"));
    }

    [Test]
    public void Render_OverlongName_IsCutWithEllipsisAndRestWraps()
    {
        SummaryRow[] rows = [new("a_very_long_layer_name_that_does_not_fit", "Dense", "(None, 1)", 3)];

        string[] lines = SummaryTable.Render("m", rows, 3, 3, 0).Split('\n');

        Assert.That(lines[4], Is.EqualTo($"│ {"a_very_long_layer_name_that_do…",-31} │ {"(None, 1)",-22} │ {"3",13} │"));
        Assert.That(lines[5], Is.EqualTo($"│ {"(Dense)",-31} │ {"",-22} │ {"",13} │"));
    }

    [Test]
    public void Render_UnbuiltLayer_ShowsZeroUnbuilt()
    {
        SummaryRow[] rows = [new("dense", "Dense", "?", 0, Built: false)];

        string[] lines = SummaryTable.Render("sequential", rows, 0, 0, 0).Split('\n');

        Assert.That(lines[4], Is.EqualTo("│ dense (Dense)                   │ ?                      │   0 (unbuilt) │"));
    }

    [Test]
    public void Render_Width88_UsesWiderColumns()
    {
        SummaryRow[] rows = [new("dense", "Dense", "(None, 64)", 1408)];

        string text = SummaryTable.Render("sequential", rows, 1408, 1408, 0, lineLength: 88);

        string expected =
            """
            Model: "sequential"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
            │ dense (Dense)                        │ (None, 64)                  │           1,408 │
            └──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
             Total params: 1,408 (5.50 KB)
             Trainable params: 1,408 (5.50 KB)
             Non-trainable params: 0 (0.00 B)

            """;
        Assert.That(text, Is.EqualTo(expected.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Render_NoRows_DrawsHeaderOnly()
    {
        string[] lines = SummaryTable.Render("empty", [], 0, 0, 0).Split('\n');

        Assert.That(lines[0], Is.EqualTo("Model: \"empty\""));
        Assert.That(lines[3], Does.StartWith("┡"));
        Assert.That(lines[4], Does.StartWith("└"));
        Assert.That(lines[5], Is.EqualTo(" Total params: 0 (0.00 B)"));
    }

    [Test]
    public void Render_Ascii_UsesPlainBoxCharacters()
    {
        SummaryRow[] rows =
        [
            new("dense", "Dense", "(None, 64)", 1408),
            new("a_very_long_layer_name_that_does_not_fit", "Dense", "(None, 1)", 65),
        ];

        string text = SummaryTable.Render("sequential", rows, 1473, 1473, 0, unicode: false);

        string expected =
            """
            Model: "sequential"
            +---------------------------------+------------------------+---------------+
            | Layer (type)                    | Output Shape           |       Param # |
            +=================================+========================+===============+
            | dense (Dense)                   | (None, 64)             |         1,408 |
            +---------------------------------+------------------------+---------------+
            | a_very_long_layer_name_that_do~ | (None, 1)              |            65 |
            | (Dense)                         |                        |               |
            +---------------------------------+------------------------+---------------+
             Total params: 1,473 (5.75 KB)
             Trainable params: 1,473 (5.75 KB)
             Non-trainable params: 0 (0.00 B)

            """;
        Assert.That(text, Is.EqualTo(expected.ReplaceLineEndings("\n")));
        Assert.That(text.All(c => c < 128), Is.True);
    }

    [Test]
    public void Render_TooShortLine_Throws()
    {
        Assert.That(() => SummaryTable.Render("m", ThreeDense, 0, 0, 0, lineLength: 19), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(76, new[] { 33, 24, 15 })]
    [TestCase(88, new[] { 38, 29, 17 })]
    [TestCase(80, new[] { 35, 26, 15 })]
    public void ColumnWidths_MatchKerasLayout(int lineLength, int[] expected)
    {
        int[] widths = SummaryTable.ColumnWidths(lineLength);

        Assert.That(widths, Is.EqualTo(expected));
        Assert.That(widths.Sum() + 4, Is.EqualTo(lineLength));
    }

    [TestCase(76, new[] { 21, 19, 12, 19 })]
    [TestCase(108, new[] { 31, 27, 17, 28 })]
    public void ColumnWidths_FunctionalLayout_MatchKeras(int lineLength, int[] expected)
    {
        int[] widths = SummaryTable.ColumnWidths(lineLength, SummaryLayout.Functional.Positions);

        Assert.That(widths, Is.EqualTo(expected));
        Assert.That(widths.Sum() + 5, Is.EqualTo(lineLength));
    }

    [TestCase(80, 76)]
    [TestCase(200, 108)]
    [TestCase(100, 96)]
    public void LineLengthFor_FunctionalLayout_IsAtMost108(int columns, int expected)
    {
        Assert.That(SummaryTable.LineLengthFor(columns, SummaryLayout.Functional), Is.EqualTo(expected));
    }

    [Test]
    public void Render_FunctionalLayout_AddsConnectedTo()
    {
        SummaryRow[] rows = [new("x", "InputLayer", "(None, 3)", 0, ConnectedTo: "-"), new("d", "Dense", "(None, 1)", 4, ConnectedTo: "x[0][0]")];
        string[] lines = SummaryTable.Render("m", rows, 4, 4, 0, layout: SummaryLayout.Functional).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[2], Is.EqualTo("┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃"));
            Assert.That(lines[6], Is.EqualTo("│ d (Dense)           │ (None, 1)         │          4 │ x[0][0]           │"));
        });
    }

    [Test]
    public void WrapCell_KerasFunctionalExample_WrapsShapeAfterComma()
    {
        // "(None, 30, 30, 32)" in a 19-wide column (17 characters of content) from the Keras functional guide.
        var lines = SummaryTable.WrapCell("(None, 30, 30, 32)", 17, rightAligned: false);

        Assert.That(lines, Is.EqualTo(new[] { "(None, 30, 30,   ", "32)              " }));
    }

    [Test]
    public void WrapCell_CutsOverlongWordsAndAlignsRight()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SummaryTable.WrapCell("abcdef", 4, rightAligned: false), Is.EqualTo(new[] { "abc…" }));
            Assert.That(SummaryTable.WrapCell("abc def", 3, rightAligned: false), Is.EqualTo(new[] { "abc", "def" }));
            Assert.That(SummaryTable.WrapCell("12", 5, rightAligned: true), Is.EqualTo(new[] { "   12" }));
            Assert.That(SummaryTable.WrapCell("", 3, rightAligned: false), Is.EqualTo(new[] { "   " }));
            Assert.That(SummaryTable.WrapCell("a\nb", 2, rightAligned: false), Is.EqualTo(new[] { "a ", "b " }));
        });
    }

    [TestCase(0.0, "0.00 B")]
    [TestCase(1023.0, "1023.00 B")]
    [TestCase(1024.0, "1.00 KB")]
    [TestCase(1152.0, "1.12 KB")]
    [TestCase(1408.0, "1.38 KB")]
    [TestCase(1664.0, "1.62 KB")]
    [TestCase(610692.0, "596.38 KB")]
    [TestCase(1572864.0, "1.50 MB")]
    [TestCase(1099511627776.0, "1024.00 GB")]
    public void FormatBytes_UsesBase1024AndHalfEvenRounding(double bytes, string expected)
    {
        Assert.That(SummaryTable.FormatBytes(bytes), Is.EqualTo(expected));
    }

    [TestCase(0L, "0")]
    [TestCase(65L, "65")]
    [TestCase(1408L, "1,408")]
    [TestCase(1234567890L, "1,234,567,890")]
    public void FormatCount_UsesCommaThousandsSeparators(long count, string expected)
    {
        Assert.That(SummaryTable.FormatCount(count), Is.EqualTo(expected));
    }

    [TestCase(80, 76)]
    [TestCase(200, 88)]
    [TestCase(10, 20)]
    public void LineLengthFor_FollowsKerasRule(int columns, int expected)
    {
        Assert.That(SummaryTable.LineLengthFor(columns), Is.EqualTo(expected));
    }
}
