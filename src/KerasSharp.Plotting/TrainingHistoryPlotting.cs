#nullable enable
using KerasSharp.Callbacks;

namespace KerasSharp.Plotting;

/// <summary>
/// Training curves from the <see cref="TrainingHistory"/> that <c>Fit</c> returns: the loss and every metric, training
/// and validation (each <c>val_</c> key drawn with its training key), one panel per quantity, the loss first, then the
/// metrics in the order the history recorded them; the x axis counts epochs from 1. It is what Keras users draw with
/// <c>pd.DataFrame(history.history).plot()</c> or matplotlib.
/// </summary>
/// <remarks>
/// The panels are stacked in rows, <c>600</c> pixels wide and <c>400</c> high each by default. The text uses the
/// DejaVu Sans font embedded in this package, so the pictures read the same on machines without system fonts.
/// </remarks>
/// <example>
/// <code>
/// var history = model.Fit(x, y, epochs: 20, validationSplit: 0.2, verbose: 0);
/// history.Plot("curves.png");                   // or "curves.svg"
/// string base64 = Convert.ToBase64String(history.PlotPng()); // &lt;img src="data:image/png;base64,..."&gt; in a notebook
/// </code>
/// </example>
public static class TrainingHistoryPlotting
{
    private const string SupportedExtensions = "\".png\", \".svg\"";

    /// <summary>
    /// Draws the training curves into <paramref name="path"/>, a PNG or an SVG file chosen by its extension. The file
    /// is replaced whole: the picture is written to a temporary file beside it, then renamed.
    /// </summary>
    /// <param name="history">The history <c>Fit</c> returned.</param>
    /// <param name="path">The file to write; its extension (<c>.png</c> or <c>.svg</c>, any case) picks the format.</param>
    /// <param name="width">The picture's width in pixels; by default 600.</param>
    /// <param name="height">The picture's height in pixels, shared by the panels; by default 400 per panel.</param>
    /// <exception cref="ArgumentException">The extension is neither <c>.png</c> nor <c>.svg</c>, the history recorded
    /// no epoch, or a size is not positive.</exception>
    public static void Plot(this TrainingHistory history, string path, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string extension = Path.GetExtension(path);
        if (string.Equals(extension, ".png", StringComparison.OrdinalIgnoreCase))
        {
            AtomicFile.WriteAllBytes(path, history.PlotPng(width, height));
        }
        else if (string.Equals(extension, ".svg", StringComparison.OrdinalIgnoreCase))
        {
            AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(history.PlotSvg(width, height)));
        }
        else
        {
            throw new ArgumentException(
                $"Cannot plot to \"{path}\": expected a file extension among {SupportedExtensions}, but received "
                + (extension.Length == 0 ? "no extension." : $"\"{extension}\"."), nameof(path));
        }
    }

    /// <summary>Draws the training curves as a PNG image and returns its bytes (for a notebook to show inline).</summary>
    /// <param name="history">The history <c>Fit</c> returned.</param>
    /// <param name="width">The picture's width in pixels; by default 600.</param>
    /// <param name="height">The picture's height in pixels, shared by the panels; by default 400 per panel.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">The history recorded no epoch, or a size is not positive.</exception>
    public static byte[] PlotPng(this TrainingHistory history, int? width = null, int? height = null)
    {
        var (panels, w, h) = Prepare(history, width, height);
        return CurvesRenderer.Png(panels, w, h);
    }

    /// <summary>Draws the training curves as an SVG document and returns its text.</summary>
    /// <param name="history">The history <c>Fit</c> returned.</param>
    /// <param name="width">The picture's width in pixels; by default 600.</param>
    /// <param name="height">The picture's height in pixels, shared by the panels; by default 400 per panel.</param>
    /// <returns>The SVG document.</returns>
    /// <exception cref="ArgumentException">The history recorded no epoch, or a size is not positive.</exception>
    public static string PlotSvg(this TrainingHistory history, int? width = null, int? height = null)
    {
        var (panels, w, h) = Prepare(history, width, height);
        return CurvesRenderer.Svg(panels, w, h);
    }

    internal static (List<CurvePanel> Panels, int Width, int Height) Prepare(TrainingHistory history, int? width, int? height)
    {
        ArgumentNullException.ThrowIfNull(history);
        var panels = HistoryPanels.From(history);
        if (panels.Count == 0)
        {
            throw new ArgumentException(
                "Cannot plot the training history: it recorded no epoch. Plot the history that Fit returns, after at least one epoch.",
                nameof(history));
        }
        int w = width ?? CurvesRenderer.PanelWidth;
        int h = height ?? CurvesRenderer.PanelHeight * panels.Count;
        if (w <= 0 || h <= 0 || h < panels.Count)
        {
            throw new ArgumentException(
                $"Cannot plot the training history at {w}x{h} pixels: expected a positive width and a height of at least one pixel per panel ({panels.Count}).",
                w <= 0 ? nameof(width) : nameof(height));
        }
        return (panels, w, h);
    }
}
