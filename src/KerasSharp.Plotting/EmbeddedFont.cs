#nullable enable
using ScottPlot;
using SkiaSharp;

namespace KerasSharp.Plotting;

/// <summary>
/// The font every text element of a plot uses, read from the TTF embedded in this assembly: Skia draws no text, and
/// raises no error, on a machine without system fonts, so the plots never depend on them.
/// </summary>
internal sealed class EmbeddedFont : IFontResolver
{
    /// <summary>The family name plots ask ScottPlot for; only this resolver answers it.</summary>
    public const string Name = "KerasSharp DejaVu Sans";

    private const string ResourceName = "KerasSharp.Plotting.DejaVuSans.ttf";

    private static readonly SKData Data = Load();

    static EmbeddedFont() => Fonts.FontResolvers.Insert(0, new EmbeddedFont());

    private EmbeddedFont()
    {
    }

    /// <summary>Registers the font with ScottPlot (once per process) and returns its family name.</summary>
    public static string Register() => Name;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing)
        => Matches(fontName) ? SKTypeface.FromData(Data) : null;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        => Matches(fontName) ? SKTypeface.FromData(Data) : null;

    private static bool Matches(string fontName) => string.Equals(fontName, Name, StringComparison.Ordinal);

    private static SKData Load()
    {
        using var stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The font resource \"{ResourceName}\" is missing from {typeof(EmbeddedFont).Assembly.GetName().Name}.");
        return SKData.Create(stream);
    }
}
