using System.Runtime.InteropServices;

namespace DissimNet;

/// <summary>Every environment variable DissimNet consults, read at one moment into an immutable snapshot. This is the only
/// place in DissimNet that reads the process environment; everything else is given a snapshot (a test makes its own with
/// <see cref="FromVariables"/>).</summary>
/// <remarks>Values are kept as the text found (null when unset); the code that uses one parses it, so a bad value is reported
/// by the setting it concerns. Setting variables for child processes is not reading and happens where children start.</remarks>
public sealed record RuntimeEnvironment
{
    /// <summary>Forces a convolution path: auto (default), onednn, onednn-sse41 or reference.</summary>
    public const string ConvolutionPathVariable = "DISSIMNET_CONV";

    /// <summary>Overrides the most bytes one array read from a file may take.</summary>
    public const string MaxArrayBytesVariable = "DISSIMNET_MAX_ARRAY_BYTES";

    /// <summary>OpenMP's thread count: a network's default thread count, and how side-by-side processes get their share.</summary>
    public const string ThreadsVariable = "OMP_NUM_THREADS";

    /// <summary>Names the <c>dissimnet</c> that child processes run.</summary>
    public const string ExecutableVariable = "DISSIMNET_EXE";

    /// <summary>Set by a runner in each child it starts: the runner's process id.</summary>
    public const string ParentProcessVariable = "DISSIMNET_PARENT_PID";

    /// <summary>The dotnet host the SDK names, used to run a .dll child.</summary>
    public const string DotnetHostVariable = "DOTNET_HOST_PATH";

    /// <summary>The program search path.</summary>
    public const string SearchPathVariable = "PATH";

    /// <summary>Any non-empty value turns colours and cursor control off (no-color.org).</summary>
    public const string NoColorVariable = "NO_COLOR";

    /// <summary>Set (to anything) by continuous-integration systems: no live progress bar.</summary>
    public const string CiVariable = "CI";

    /// <summary>Any non-empty value adds stack traces to error messages.</summary>
    public const string DebugVariable = "DISSIMNET_DEBUG";

    /// <summary>oneDNN's own variable limiting its instruction set; read from the C library's environment, where oneDNN reads it.</summary>
    public const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>DISSIMNET_CONV as set, or null.</summary>
    public string? ConvolutionPath { get; init; }

    /// <summary>DISSIMNET_MAX_ARRAY_BYTES as set, or null.</summary>
    public string? MaxArrayBytes { get; init; }

    /// <summary>OMP_NUM_THREADS as set, or null.</summary>
    public string? Threads { get; init; }

    /// <summary>DISSIMNET_EXE as set, or null.</summary>
    public string? Executable { get; init; }

    /// <summary>DISSIMNET_PARENT_PID as set, or null.</summary>
    public string? ParentProcess { get; init; }

    /// <summary>DOTNET_HOST_PATH as set, or null.</summary>
    public string? DotnetHost { get; init; }

    /// <summary>PATH as set, or null.</summary>
    public string? SearchPath { get; init; }

    /// <summary>NO_COLOR as set, or null.</summary>
    public string? NoColorValue { get; init; }

    /// <summary>CI as set, or null.</summary>
    public string? CiValue { get; init; }

    /// <summary>DISSIMNET_DEBUG as set, or null.</summary>
    public string? DebugValue { get; init; }

    /// <summary>ONEDNN_MAX_CPU_ISA in the C library's environment, or null.</summary>
    public string? OneDnnIsa { get; init; }

    /// <summary>True when NO_COLOR is set to something non-empty.</summary>
    public bool NoColor => NoColorValue is { Length: > 0 };

    /// <summary>True when CI is set at all.</summary>
    public bool Ci => CiValue is not null;

    /// <summary>True when DISSIMNET_DEBUG is set to something non-empty.</summary>
    public bool Debug => DebugValue is { Length: > 0 };

    /// <summary>The directories of <see cref="SearchPath"/>, in order.</summary>
    public IReadOnlyList<string> SearchDirectories => (SearchPath ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Reads this process's environment now.</summary>
    public static RuntimeEnvironment Read() => From(Environment.GetEnvironmentVariable, NativeVariable);

    /// <summary>A snapshot of the given variables only (for tests and hosts); the native ONEDNN_MAX_CPU_ISA comes from the same dictionary.</summary>
    public static RuntimeEnvironment FromVariables(IReadOnlyDictionary<string, string> variables)
    {
        string? Lookup(string name) => variables.TryGetValue(name, out var value) ? value : null;
        return From(Lookup, Lookup);
    }

    /// <summary>The snapshot taken the first time any code of this process asked for it; what library calls given no
    /// snapshot or runtime context use. Immutable once taken: later changes to the environment are not seen.</summary>
    public static RuntimeEnvironment Process => processSnapshot.Value;

    static readonly Lazy<RuntimeEnvironment> processSnapshot = new(Read, LazyThreadSafetyMode.ExecutionAndPublication);

    static RuntimeEnvironment From(Func<string, string?> variable, Func<string, string?> native) => new()
    {
        ConvolutionPath = variable(ConvolutionPathVariable),
        MaxArrayBytes = variable(MaxArrayBytesVariable),
        Threads = variable(ThreadsVariable),
        Executable = variable(ExecutableVariable),
        ParentProcess = variable(ParentProcessVariable),
        DotnetHost = variable(DotnetHostVariable),
        SearchPath = variable(SearchPathVariable),
        NoColorValue = variable(NoColorVariable),
        CiValue = variable(CiVariable),
        DebugValue = variable(DebugVariable),
        OneDnnIsa = native(OneDnnIsaVariable),
    };

    /// <summary>A variable of the C library's environment, which native code reads with getenv (on Linux .NET keeps a managed
    /// copy that native setenv does not change, and the convolution guard sets oneDNN's variable natively).</summary>
    static string? NativeVariable(string name)
    {
        if (!OperatingSystem.IsLinux()) return Environment.GetEnvironmentVariable(name);
        try { return Marshal.PtrToStringUTF8(getenv(name)); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

    [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false)]
    static extern IntPtr getenv(string name);
}
