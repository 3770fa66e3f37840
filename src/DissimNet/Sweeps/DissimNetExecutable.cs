using System.Reflection;

namespace DissimNet.Sweeps;

/// <summary>How a sweep starts <c>dissimnet</c> for its cells: a program and the words before the subcommand
/// (an apphost alone, or <c>dotnet</c> plus the CLI's .dll).</summary>
public sealed record DissimNetExecutable(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>Environment variable naming the <c>dissimnet</c> the cells run (an executable, or a .dll run by dotnet),
    /// e.g. the published copy on a cluster's shared file system.</summary>
    public const string EnvironmentVariable = "DISSIMNET_EXE";

    /// <summary>Environment variable a runner sets in each child it starts: the runner's process id. A child whose parent is no
    /// longer that process (it was killed) stops by itself, so no cell or fold outlives its runner.</summary>
    public const string ParentVariable = "DISSIMNET_PARENT_PID";

    /// <summary>Marks a child's environment with this process as its parent (see <see cref="ParentVariable"/>).</summary>
    public static void MarkChild(System.Diagnostics.ProcessStartInfo child) =>
        child.Environment[ParentVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The command line as text, for scripts and logs.</summary>
    public string CommandText => string.Join(' ', new[] { FileName }.Concat(Prefix).Select(ShellQuote.Word));

    /// <summary>The executable named by <see cref="EnvironmentVariable"/>, else the running program (when it is dissimnet), else null.</summary>
    public static DissimNetExecutable? Resolve()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } named) return FromPath(named);
        var process = Environment.ProcessPath;
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (process is null) return null;
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            return entry is { Length: > 0 } && entry.EndsWith("DissimNet.Cli.dll", StringComparison.Ordinal) ? new(process, [entry]) : null;
        return Path.GetFileName(process) is "dissimnet" or "DissimNet.Cli" ? new(process, []) : null;
    }

    /// <summary>An executable, or a .dll to run with the dotnet that runs this process.</summary>
    public static DissimNetExecutable FromPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new DissimNetException($"{path}: no such dissimnet executable ({EnvironmentVariable})");
        if (!full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return new(full, []);
        return new(DotnetHost(), [full]);
    }

    /// <summary>The dotnet host: this process when it is dotnet, else DOTNET_HOST_PATH, else "dotnet" on the PATH.</summary>
    static string DotnetHost()
    {
        if (Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet") return p;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "dotnet"))) return Path.Combine(dir, "dotnet");
        return "dotnet";
    }
}

/// <summary>Quotes words for a POSIX shell.</summary>
public static class ShellQuote
{
    /// <summary>The word unchanged when it needs no quoting, else in single quotes.</summary>
    public static string Word(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:,+@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
