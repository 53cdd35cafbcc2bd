using System.Buffers.Binary;
using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Plotting;
using KerasSharp.Tests.Testing;
using SkiaSharp;

namespace KerasSharp.Tests.Plotting;

public class TrainingHistoryPlottingTests : TempFolderTest
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private TrainingHistory _fitted = null!;

    [OneTimeSetUp]
    public void FitTinyModel()
    {
        Keras.SetRandomSeed(7);
        var rng = new Rng(3);
        var x = new float[40, 3];
        var y = new float[40];
        for (int i = 0; i < 40; i++)
        {
            float s = 0;
            for (int j = 0; j < 3; j++)
            {
                s += x[i, j] = rng.Uniform(-1, 1);
            }
            y[i] = s > 0 ? 1 : 0;
        }
        var model = new Sequential([new Input(shape: [3]), new Dense(4, activation: "tanh"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "binary_crossentropy", metrics: ["accuracy"]);
        _fitted = model.Fit(x, y, epochs: 4, batchSize: 8, verbose: 0, validationSplit: 0.25);
    }

    private static TrainingHistory Synthetic(params (string Key, double[] Values)[] series)
    {
        var history = new TrainingHistory();
        int epochs = series.Max(s => s.Values.Length);
        for (int e = 0; e < epochs; e++)
        {
            history.Epoch.Add(e);
        }
        foreach (var (key, values) in series)
        {
            history.History[key] = [.. values];
        }
        return history;
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        // IHDR is the first chunk: length (4), "IHDR" (4), then width and height, big-endian.
        Assert.That(png.AsSpan(12, 4).ToArray(), Is.EqualTo("IHDR"u8.ToArray()));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private static int CountPixels(SKBitmap bitmap, Func<SKColor, bool> predicate, int top = 0, int bottom = int.MaxValue)
    {
        int count = 0;
        for (int y = top; y < Math.Min(bottom, bitmap.Height); y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                if (predicate(bitmap.GetPixel(x, y)))
                {
                    count++;
                }
            }
        }
        return count;
    }

    private static bool Near(SKColor c, SKColor target, int tolerance = 40)
        => Math.Abs(c.Red - target.Red) + Math.Abs(c.Green - target.Green) + Math.Abs(c.Blue - target.Blue) <= tolerance;

    private static bool IsDark(SKColor c) => c.Red < 110 && c.Green < 110 && c.Blue < 110;

    private static readonly SKColor Training = SKColor.Parse("#1f77b4");
    private static readonly SKColor Validation = SKColor.Parse("#ff7f0e");

    [Test]
    public void Plot_PngPath_WritesPngOnePanelRowPerQuantity()
    {
        string path = In("curves.png");
        _fitted.Plot(path);

        byte[] png = File.ReadAllBytes(path);
        Assert.Multiple(() =>
        {
            Assert.That(png.AsSpan(0, 8).ToArray(), Is.EqualTo(PngSignature));
            // loss and accuracy: two rows of 600x400.
            Assert.That(PngSize(png), Is.EqualTo((600, 800)));
            Assert.That(Directory.GetFiles(Folder), Is.EqualTo(new[] { path }), "no temporary file is left behind");
        });
    }

    [Test]
    public void Plot_ExplicitSize_ReplacesExistingFileWithThatSize()
    {
        string path = In("curves.PNG");
        File.WriteAllText(path, "old");
        _fitted.Plot(path, width: 500, height: 300);

        Assert.That(PngSize(File.ReadAllBytes(path)), Is.EqualTo((500, 300)));
    }

    [Test]
    public void PlotPng_FittedHistory_DrawsBothCurvesOnWhite()
    {
        using var bitmap = SKBitmap.Decode(_fitted.PlotPng());
        int total = bitmap.Width * bitmap.Height;
        var colours = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(colours, Has.Count.GreaterThan(50));
            Assert.That(CountPixels(bitmap, c => c != SKColors.White), Is.GreaterThan(total / 50));
            Assert.That(CountPixels(bitmap, c => Near(c, Training)), Is.GreaterThan(200), "training curve");
            Assert.That(CountPixels(bitmap, c => Near(c, Validation)), Is.GreaterThan(200), "validation curve");
        });
    }

    /// <summary>The first row from the top where a dark line spans half the width: the first panel's frame.</summary>
    private static int FrameTop(SKBitmap bitmap)
    {
        for (int y = 0; y < bitmap.Height; y++)
        {
            if (CountPixels(bitmap, IsDark, top: y, bottom: y + 1) > bitmap.Width / 2)
            {
                return y;
            }
        }
        return bitmap.Height;
    }

    [Test]
    public void PlotPng_WithTitles_DrawsTheTitleTextAboveTheFrame()
    {
        var (panels, width, height) = TrainingHistoryPlotting.Prepare(_fitted, null, null);
        using var titled = SKBitmap.Decode(CurvesRenderer.Png(panels, width, height, titles: true));
        using var bare = SKBitmap.Decode(CurvesRenderer.Png(panels, width, height, titles: false));

        // Above the first panel's frame there is nothing but its title: ink there is drawn text.
        int titledTop = FrameTop(titled);
        int bareTop = FrameTop(bare);
        Assert.Multiple(() =>
        {
            Assert.That(titledTop, Is.GreaterThan(bareTop + 10), "the title takes room above the frame");
            Assert.That(CountPixels(titled, IsDark, top: 0, bottom: titledTop - 2), Is.GreaterThan(50));
            Assert.That(CountPixels(bare, c => c != SKColors.White, top: 0, bottom: bareTop - 2), Is.Zero);
        });
    }

    [Test]
    public void PlotSvg_FittedHistory_HasPanelTitlesAndLabelsAsTextInTheEmbeddedFont()
    {
        string svg = _fitted.PlotSvg();
        Assert.Multiple(() =>
        {
            Assert.That(svg, Does.StartWith("<?xml").Or.StartWith("<svg"));
            Assert.That(svg, Does.Match(@">\s*loss\s*<"));
            Assert.That(svg, Does.Match(@">\s*accuracy\s*<"));
            Assert.That(svg, Does.Match(@">\s*epoch\s*<"));
            Assert.That(svg, Does.Match(@">\s*training\s*<"));
            Assert.That(svg, Does.Match(@">\s*validation\s*<"));
            Assert.That(svg, Does.Contain("font-family=\"DejaVu Sans\""));
        });
    }

    [Test]
    public void Plot_SvgPath_WritesTheSvgDocument()
    {
        string path = In("curves.svg");
        _fitted.Plot(path, width: 640);
        string svg = File.ReadAllText(path);
        Assert.That(svg, Does.Contain("<svg").And.Match(@">\s*accuracy\s*<").And.Contain("width=\"640\""));
    }

    [TestCase("curves.jpg", "\".jpg\"")]
    [TestCase("curves", "no extension")]
    public void Plot_UnsupportedExtension_ThrowsArgumentExceptionNamingTheSupportedOnes(string name, string received)
    {
        var ex = Assert.Throws<ArgumentException>(() => _fitted.Plot(In(name)))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Contain("\".png\", \".svg\"").And.Contain(received));
            Assert.That(ex.ParamName, Is.EqualTo("path"));
            Assert.That(Directory.GetFiles(Folder), Is.Empty);
        });
    }

    [Test]
    public void PlotPng_NoValidation_DrawsOnlyTheTrainingCurve()
    {
        var history = Synthetic(("loss", [0.9, 0.5, 0.3]), ("mae", [0.8, 0.6, 0.5]));
        using var bitmap = SKBitmap.Decode(history.PlotPng());
        var panels = HistoryPanels.From(history);
        Assert.Multiple(() =>
        {
            Assert.That(panels.Select(p => (p.Title, p.Training is not null, p.Validation is not null)),
                Is.EqualTo(new[] { ("loss", true, false), ("mae", true, false) }));
            Assert.That(CountPixels(bitmap, c => Near(c, Training)), Is.GreaterThan(200));
            Assert.That(CountPixels(bitmap, c => Near(c, Validation)), Is.Zero);
        });
    }

    [Test]
    public void From_Keys_LossFirstThenMetricsInHistoryOrderWithValidationPaired()
    {
        var history = Synthetic(("accuracy", [0.5, 0.7]), ("loss", [0.9, 0.5]), ("val_accuracy", [0.4, 0.6]),
            ("val_loss", [1.0, 0.8]), ("val_auc", [0.6, 0.7]));
        history.Epoch[0] = 5;
        history.Epoch[1] = 6;

        var panels = HistoryPanels.From(history);
        Assert.Multiple(() =>
        {
            Assert.That(panels.Select(p => p.Title), Is.EqualTo(new[] { "loss", "accuracy", "auc" }));
            Assert.That(panels[1].Validation!.Values, Is.EqualTo(new[] { 0.4, 0.6 }));
            Assert.That(panels[2].Training, Is.Null);
            Assert.That(panels[0].Training!.Epochs, Is.EqualTo(new[] { 6.0, 7.0 }), "1-based epochs");
        });
    }

    [Test]
    public void PlotPng_EmptyHistory_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TrainingHistory().PlotPng())!;
        Assert.That(ex.Message, Does.Contain("recorded no epoch"));
    }

    [Test]
    public void PlotPng_NonPositiveWidth_ThrowsArgumentExceptionNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => _fitted.PlotPng(width: 0))!;
        Assert.That(ex.ParamName, Is.EqualTo("width"));
    }

    [Test]
    public void Register_EmbeddedFont_ResolvesToDejaVuSansFromThePackage()
    {
        // ScottPlot caches the typeface: not ours to dispose.
        var typeface = ScottPlot.Fonts.GetTypeface(EmbeddedFont.Register(), bold: false, italic: false);
        Assert.Multiple(() =>
        {
            Assert.That(typeface.FamilyName, Is.EqualTo("DejaVu Sans"));
            Assert.That(typeface.GlyphCount, Is.GreaterThan(1000));
        });
    }
}
