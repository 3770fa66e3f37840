using ScottPlot;
using SkiaSharp;

namespace DissimNet.Reports;

/// <summary>Shared look of every DissimNet figure: fonts, palette, and PNG output.</summary>
internal static class PlotStyle
{
    /// <summary>Families tried in order; the first one installed is used for all text.</summary>
    static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica"];

    static readonly Lazy<string> FontFamily = new(ResolveFont);

    /// <summary>Ten categorical colours (Tableau 10), distinct for colour-blind readers in most pairs.</summary>
    public static readonly Color[] Categorical =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
        Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    /// <summary>Creates a plot whose text uses an installed font.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily.Value);
        return plot;
    }

    /// <summary>Tilts bottom tick labels so long names (layers, categories) stay readable, and reserves room for them.</summary>
    public static void RotateBottomLabels(Plot plot, IEnumerable<string> labels, float fontSize = 12)
    {
        plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.TickLabelStyle.FontSize = fontSize;
        int longest = labels.Select(l => l.Length).DefaultIfEmpty(1).Max();
        plot.Axes.Bottom.MinimumSize = Math.Min(220, 14 + 0.42f * fontSize * longest);
    }

    /// <summary>Renders the plot to a PNG file, creating its folder.</summary>
    public static void SavePng(Plot plot, string path, int width, int height)
    {
        if (width < 50 || height < 50)
            throw new ArgumentOutOfRangeException(nameof(width), $"figure size {width} x {height} is too small (at least 50 x 50 pixels)");
        // Re-apply the font: plottables added after NewPlot (colorbars, legends) carry their own label styles.
        plot.Font.Set(FontFamily.Value);
        IO.OutputFile.Write(path, temp => plot.SavePng(temp, width, height));
    }

    /// <summary>Renders panels stacked in one PNG file, creating its folder.</summary>
    public static void SavePng(Multiplot figure, string path, int width, int height)
    {
        foreach (var plot in figure.GetPlots()) plot.Font.Set(FontFamily.Value);
        IO.OutputFile.Write(path, temp => figure.SavePng(temp, width, height));
    }

    /// <summary>The first preferred family Skia can find, else whatever Skia's default typeface is.</summary>
    /// <remarks>SkiaSharp's Linux "NoDependencies" build scans /usr/share/fonts without fontconfig; a machine with
    /// no fonts there renders no text, so <see cref="HasUsableFont"/> lets callers warn (install fonts-dejavu-core).</remarks>
    static string ResolveFont()
    {
        foreach (var family in PreferredFonts)
        {
            using var typeface = SKFontManager.Default.MatchFamily(family);
            if (typeface is not null && typeface.GlyphCount > 0) return typeface.FamilyName;
        }
        return SKTypeface.Default.FamilyName;
    }

    /// <summary>True when some installed font has glyphs, i.e. figure text will be visible.</summary>
    public static bool HasUsableFont()
    {
        using var typeface = SKFontManager.Default.MatchFamily(FontFamily.Value) ?? SKTypeface.Default;
        return typeface.GlyphCount > 0 && typeface.ContainsGlyph('A');
    }

    /// <summary>The font family figures are drawn with.</summary>
    public static string FontName => FontFamily.Value;
}

/// <summary>Whether figure text can be drawn on this machine.</summary>
internal static class FigureFonts
{
    /// <summary>A warning when no usable font is installed (figures would have no text), else null.</summary>
    public static string? MissingFontWarning() => PlotStyle.HasUsableFont()
        ? null
        : "no usable font found in /usr/share/fonts, so figures will have no text; install one (Debian/Ubuntu: apt-get install fonts-dejavu-core)";
}
