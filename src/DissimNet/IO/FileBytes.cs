namespace DissimNet.IO;

/// <summary>Opens and reads input files: only regular files (not devices, pipes or folders), within <see cref="ReadLimits"/>, with errors that name the file.</summary>
internal static class FileBytes
{
    /// <summary>Reads a whole regular file, refusing one larger than the array limit before reading.</summary>
    public static byte[] ReadAll(string path)
    {
        long length = CheckRegular(path);
        ReadLimits.Check(length, path, "the file");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DissimNetException($"{path}: cannot read ({e.Message})");
        }
    }

    /// <summary>UTF-8 that throws on invalid bytes instead of replacing them.</summary>
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The largest text record DissimNet reads (a plan, summary.json, crossval.json, status.json, a label list):
    /// what it writes itself stays far below this (summary.json grows by a few kilobytes an epoch).</summary>
    public const long MaxTextBytes = 64L << 20;

    /// <summary>Reads a whole regular file as UTF-8 text, refusing devices, pipes, empty files and files over
    /// <see cref="MaxTextBytes"/> (e.g. a sparse or runaway file) before reading anything, and text that is not valid UTF-8.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file should be, for the error (e.g. "a training summary").</param>
    public static string ReadText(string path, string what)
    {
        long length = CheckRegular(path);
        if (length > MaxTextBytes)
            throw new DissimNetException($"{path}: {ReadLimits.Describe(length)}, more than the {MaxTextBytes >> 20} MB {what} can be; expected {what}");
        try
        {
            return File.ReadAllText(path, StrictUtf8);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            // Replacing a damaged byte with U+FFFD would let a plan value or a layer name change silently.
            string at = e.Index >= 0 ? $" (at byte {e.Index} of a read block, bytes {Convert.ToHexString(e.BytesUnknown ?? [])})" : "";
            throw new DissimNetException($"{path}: not valid UTF-8 text{at}; expected {what}, saved as UTF-8");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DissimNetException($"{path}: cannot read ({e.Message})");
        }
    }

    /// <summary>Reads the first <paramref name="count"/> bytes of a regular file (fewer when it is shorter), e.g. to tell its format.</summary>
    public static byte[] ReadPrefix(string path, int count)
    {
        long length = CheckRegular(path);
        try
        {
            using var stream = File.OpenRead(path);
            var prefix = new byte[Math.Min(count, length)];
            return prefix[..stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DissimNetException($"{path}: cannot read ({e.Message})");
        }
    }

    /// <summary>Throws unless <paramref name="path"/> is (or links to) a non-empty regular file; returns its length.</summary>
    /// <remarks>.NET cannot tell a file's kind, but devices (/dev/zero), pipes and /proc files all report length 0,
    /// and reading one may never end; an empty file holds no data either, so length 0 is refused before anything opens it.</remarks>
    public static long CheckRegular(string path)
    {
        if (Directory.Exists(path)) throw new DissimNetException($"{path}: is a folder, expected a file");
        if (!File.Exists(path)) throw new DissimNetException($"{path}: file not found");
        var info = new FileInfo(path);
        try
        {
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target) info = target;
        }
        catch (IOException e)
        {
            throw new DissimNetException($"{path}: cannot follow the link ({e.Message})");
        }
        if (info.Length == 0)
            throw new DissimNetException($"{path}: is empty or not a regular file (a device or pipe?); expected a data file");
        return info.Length;
    }
}
