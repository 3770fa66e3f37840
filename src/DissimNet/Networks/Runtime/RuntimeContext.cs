using DissimNet.IO;
using static TorchSharp.torch;

namespace DissimNet.Networks.Runtime;

/// <summary>Where and how networks run for one job (a command, a program's call): the device, the CPU thread count, the per-array
/// read limit and the requested convolution path, made from options and a <see cref="RuntimeEnvironment"/> snapshot and passed
/// explicitly to whatever builds networks or sets threads.</summary>
/// <remarks>
/// Some of what it describes is process-wide in libtorch itself, so a context can only ask for it: the thread count
/// (<see cref="UseThreads"/> sets libtorch's one intra-op pool) and the convolution path (oneDNN on or off is one global switch,
/// and oneDNN reads ONEDNN_MAX_CPU_ISA once, at its first kernel). The path is therefore chosen once per process, by
/// <see cref="ConvolutionGuard"/> when the first network is built; a later context asking for another path is refused.
/// The read limit is applied to a call flow with <see cref="UseReadLimits"/> (see <see cref="ReadLimits"/>).
/// </remarks>
public sealed record RuntimeContext
{
    /// <summary>The environment snapshot the context was made from.</summary>
    public required RuntimeEnvironment Environment { get; init; }

    /// <summary>The device networks are built on (default: the CPU).</summary>
    public Device Device { get; init; } = ComputeDevice.Default;

    /// <summary>The CPU threads asked for; null: OMP_NUM_THREADS of <see cref="Environment"/> when set, else every core.</summary>
    public int? Threads { get; init; }

    /// <summary>The most bytes one array read from a file may take.</summary>
    public long MaxArrayBytes { get; init; }

    /// <summary>The convolution path DISSIMNET_CONV forces, or null to let the guard choose.</summary>
    public ConvolutionPath? RequestedConvolutionPath { get; init; }

    /// <summary>A context for <paramref name="environment"/> (default: <see cref="RuntimeEnvironment.Process"/>) with
    /// <paramref name="threads"/> threads (checked here, set by <see cref="UseThreads"/>), on the CPU.</summary>
    /// <exception cref="SettingException">When <paramref name="threads"/> is out of range.</exception>
    /// <exception cref="DissimNetException">When DISSIMNET_CONV or DISSIMNET_MAX_ARRAY_BYTES holds a value that is not one.</exception>
    public static RuntimeContext FromEnvironment(RuntimeEnvironment? environment = null, int? threads = null)
    {
        environment ??= RuntimeEnvironment.Process;
        TorchThreads.Count(threads, environment);
        return new RuntimeContext
        {
            Environment = environment,
            Threads = threads,
            MaxArrayBytes = ReadLimits.From(environment),
            RequestedConvolutionPath = ConvolutionPathNames.Parse(environment.ConvolutionPath),
        };
    }

    /// <summary>This context on the device <paramref name="name"/> names (see <see cref="ComputeDevice.Resolve"/>; null: the CPU).</summary>
    public RuntimeContext OnDevice(string? name, IProgressSink? progress = null) => this with { Device = ComputeDevice.Resolve(name, progress) };

    /// <summary>Sets libtorch's thread count (process-wide) to this context's; returns the count in force.</summary>
    public int UseThreads() => TorchThreads.Use(Threads, Environment);

    /// <summary>A note when the thread count comes from an OMP_NUM_THREADS that is capped, else null.</summary>
    public string? ThreadsNote() => Threads is null ? TorchThreads.EnvironmentCapNote(Environment) : null;

    /// <summary>Makes <see cref="MaxArrayBytes"/> the read limit of the calling flow until the result is disposed.</summary>
    public IDisposable UseReadLimits() => ReadLimits.Use(MaxArrayBytes);
}
