namespace DissimNet.Reports;

/// <summary>A figure of the report: its file (relative to the report) or why it was skipped.</summary>
internal sealed record ReportFigure(string Section, string Title, string Caption, string? RelativePath, string? SkipReason)
{
    /// <summary>True when the PNG was written.</summary>
    public bool Written => RelativePath is not null;
}

/// <summary>What <see cref="RunReport.Write"/> produced.</summary>
internal sealed record RunReportResult(string HtmlPath, IReadOnlyList<ReportFigure> Figures);

/// <summary>Builds a training run's HTML report: the figures as PNGs in a folder beside it, plus one self-contained page.</summary>
/// <remarks>The page needs no network, scripts or external style sheets. A figure whose data is missing is replaced by a
/// note saying what was missing, so a report can be written from any run folder, finished or not.</remarks>
internal static class RunReport
{
    /// <summary>Renders the figures and writes the page; with <paramref name="embedImages"/> the PNGs are also embedded
    /// in the page as data URIs, so the .html file alone is enough.</summary>
    public static RunReportResult Write(RunReportData data, string htmlPath, bool embedImages = false)
    {
        htmlPath = Path.GetFullPath(htmlPath);
        var folder = Path.GetDirectoryName(htmlPath)!;
        var figureFolderName = Path.GetFileNameWithoutExtension(htmlPath) + "-figures";
        var figureFolder = Path.Combine(folder, figureFolderName);
        IO.OutputFile.CheckWritable(htmlPath);
        bool newFolder = !Directory.Exists(figureFolder);
        try
        {
            return WritePage(data, htmlPath, figureFolder, embedImages);
        }
        catch when (newFolder && Directory.Exists(figureFolder))
        {
            // A report that failed leaves nothing behind, not a folder of some of its figures.
            try { Directory.Delete(figureFolder, recursive: true); } catch (Exception e) when (IO.OutputFile.IsWriteFailure(e)) { }
            throw;
        }
    }

    static RunReportResult WritePage(RunReportData data, string htmlPath, string figureFolder, bool embedImages)
    {
        var folder = Path.GetDirectoryName(htmlPath)!;
        var figureFolderName = Path.GetFileName(figureFolder);
        try { Directory.CreateDirectory(figureFolder); }
        catch (Exception e) when (IO.OutputFile.IsWriteFailure(e)) { throw IO.OutputFile.CannotWrite(figureFolder, e); }

        var figures = new List<ReportFigure>();
        void Add(string section, string file, string title, string caption, string? missing, Action<string> render)
        {
            if (missing is not null)
            {
                figures.Add(new ReportFigure(section, title, caption, null, missing));
                return;
            }
            var path = Path.Combine(figureFolder, file);
            try
            {
                render(path);
                figures.Add(new ReportFigure(section, title, caption, figureFolderName + "/" + file, null));
            }
            catch (ArgumentException e)
            {
                // The data exist but cannot be drawn (e.g. a non-finite RDM for MDS): say so instead of failing the report.
                figures.Add(new ReportFigure(section, title, caption, null, e.Message));
            }
        }

        ReportFigures.AddAll(data, Add);
        var html = RunReportHtml.Render(data, figures, embedImages ? folder : null);
        IO.OutputFile.WriteText(htmlPath, html);
        return new RunReportResult(htmlPath, figures);
    }
}
