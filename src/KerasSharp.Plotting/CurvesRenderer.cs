#nullable enable
using ScottPlot;
using SkiaSharp;

namespace KerasSharp.Plotting;

/// <summary>Draws a history's panels, one row each, onto a PNG or SVG canvas.</summary>
internal static class CurvesRenderer
{
    public const int PanelWidth = 600;
    public const int PanelHeight = 400;

    // Matplotlib's first two cycle colours, the ones Keras users see in their own curves.
    private static readonly Color TrainingColor = Color.FromHex("#1f77b4");
    private static readonly Color ValidationColor = Color.FromHex("#ff7f0e");

    public static byte[] Png(IReadOnlyList<CurvePanel> panels, int width, int height, bool titles = true)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Could not create a {width}x{height} drawing surface.");
        Draw(surface.Canvas, panels, width, height, titles);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static string Svg(IReadOnlyList<CurvePanel> panels, int width, int height, bool titles = true)
    {
        using var stream = new MemoryStream();
        using (var wstream = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), wstream))
        {
            Draw(canvas, panels, width, height, titles);
        }
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void Draw(SKCanvas canvas, IReadOnlyList<CurvePanel> panels, int width, int height, bool titles)
    {
        canvas.Clear(SKColors.White);
        string font = EmbeddedFont.Register();
        for (int i = 0; i < panels.Count; i++)
        {
            // Row i spans [top, bottom): the rows share the height out in whole pixels.
            int top = (int)((long)height * i / panels.Count);
            int bottom = (int)((long)height * (i + 1) / panels.Count);
            var plot = PanelPlot(panels[i], font, titles);
            // A plot clears the whole canvas before drawing: the clip keeps it to its row.
            canvas.Save();
            canvas.ClipRect(new SKRect(0, top, width, bottom));
            plot.Render(canvas, new PixelRect(new Pixel(0, top), new PixelSize(width, bottom - top)));
            canvas.Restore();
        }
        canvas.Flush();
    }

    private static Plot PanelPlot(CurvePanel panel, string font, bool titles)
    {
        var plot = new Plot();
        AddCurve(plot, panel.Training, "training", TrainingColor);
        AddCurve(plot, panel.Validation, "validation", ValidationColor);
        if (titles)
        {
            plot.Title(panel.Title);
            plot.XLabel("epoch");
            plot.YLabel(panel.Title);
            plot.ShowLegend(Alignment.UpperRight);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Font.Set(font);
        plot.Legend.FontName = font;
        plot.Legend.SetBestFontOnEachRender = false;
        return plot;
    }

    private static void AddCurve(Plot plot, Curve? curve, string label, Color color)
    {
        if (curve is null)
        {
            return;
        }
        var scatter = plot.Add.Scatter(curve.Epochs, curve.Values, color);
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = curve.Values.Length <= 50 ? 5 : 0;
    }
}
