using System.Reflection;

namespace DissimNet.Cli.Jobs;

/// <summary>How <c>dissimnet</c> is started for a child (a sweep's cell step, a cross-validation fold, a Slurm array task): a program and
/// the words before the subcommand (an apphost alone, or <c>dotnet</c> plus the CLI's .dll).</summary>
internal sealed record DissimNetExecutable(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>Environment variable naming the <c>dissimnet</c> the children run (an executable, or a .dll run by dotnet),
    /// e.g. the published copy on a cluster's shared file system.</summary>
    public const string EnvironmentVariable = RuntimeEnvironment.ExecutableVariable;

    /// <summary>Environment variable a runner sets in each child it starts: the runner's process id. A child whose parent is no
    /// longer that process (it was killed) stops by itself (see <see cref="ParentWatch"/>), so no cell or fold outlives its runner.</summary>
    public const string ParentVariable = RuntimeEnvironment.ParentProcessVariable;

    /// <summary>Marks a child's environment with this process as its parent (see <see cref="ParentVariable"/>).</summary>
    public static void MarkChild(System.Diagnostics.ProcessStartInfo child) =>
        child.Environment[ParentVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The command line as text, for scripts and logs, each word quoted for a POSIX shell.</summary>
    public string CommandText => string.Join(' ', new[] { FileName }.Concat(Prefix).Select(ShellQuote.Word));

    /// <summary>The executable named by <see cref="EnvironmentVariable"/> (in <paramref name="environment"/>, default: read now), else the
    /// running program (when it is dissimnet), else null.</summary>
    public static DissimNetExecutable? Resolve(RuntimeEnvironment? environment = null)
    {
        environment ??= RuntimeEnvironment.Read();
        if (environment.Executable is { Length: > 0 } named) return FromPath(named, environment);
        var process = Environment.ProcessPath;
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (process is null) return null;
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            return entry is { Length: > 0 } && entry.EndsWith("DissimNet.Cli.dll", StringComparison.Ordinal) ? new(process, [entry]) : null;
        return Path.GetFileName(process) is "dissimnet" or "DissimNet.Cli" ? new(process, []) : null;
    }

    /// <summary>The executable children run; refuses when this process is not dissimnet (e.g. inside another program) and none is named.</summary>
    /// <exception cref="DissimNetException">Naming <see cref="EnvironmentVariable"/>.</exception>
    public static DissimNetExecutable Require(RuntimeEnvironment? environment = null) => Resolve(environment)
        ?? throw new DissimNetException($"cannot tell where the dissimnet executable is; set {EnvironmentVariable} to it");

    /// <summary>An executable, or a .dll to run with the dotnet that runs this process (found through <paramref name="environment"/>, default: read now).</summary>
    public static DissimNetExecutable FromPath(string path, RuntimeEnvironment? environment = null)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new DissimNetException($"{path}: no such dissimnet executable ({EnvironmentVariable})");
        if (!full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return new(full, []);
        return new(DotnetHost(environment ?? RuntimeEnvironment.Read()), [full]);
    }

    /// <summary>The dotnet host: this process when it is dotnet, else DOTNET_HOST_PATH, else "dotnet" on the PATH.</summary>
    static string DotnetHost(RuntimeEnvironment environment)
    {
        if (Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet") return p;
        if (environment.DotnetHost is { Length: > 0 } host && File.Exists(host)) return host;
        return FindOnPath("dotnet", environment) ?? "dotnet";
    }

    /// <summary>A program on the PATH (of <paramref name="environment"/>, default: read now), or null.</summary>
    public static string? FindOnPath(string program, RuntimeEnvironment? environment = null) =>
        (environment ?? RuntimeEnvironment.Read()).SearchDirectories.Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}

/// <summary>Quotes words for a POSIX shell.</summary>
internal static class ShellQuote
{
    /// <summary>The word unchanged when it needs no quoting, else in single quotes.</summary>
    public static string Word(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:,+@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
