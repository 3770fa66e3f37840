using System.Runtime.CompilerServices;

namespace DissimNet.Networks.Runtime;

/// <summary>The convolution path in use, why it was chosen, and what the self-check measured on it.</summary>
/// <param name="Path">The kernels float32 convolutions run on.</param>
/// <param name="Reason">Why this path, in one line.</param>
/// <param name="Cpu">The CPUID cache description (null off x86).</param>
/// <param name="WorstRelativeError">The self-check's largest float32-vs-float64 error on this path.</param>
/// <param name="Forced">True when DISSIMNET_CONV chose the path.</param>
public sealed record ConvolutionGuardStatus(ConvolutionPath Path, string Reason, CpuCacheReport? Cpu, double WorstRelativeError, bool Forced)
{
    /// <summary>Wall time of the self-check(s), seconds.</summary>
    public double CheckSeconds { get; init; }

    /// <summary>One line for <c>dissimnet --version</c> and run records.</summary>
    public string Describe() =>
        $"{Path.Name()} ({Reason}; self-check of {ConvolutionSelfCheck.Cases.Count} shapes: max relative error {WorstRelativeError:0.0e+0}, {CheckSeconds * 1000:F0} ms)";
}

/// <summary>Makes sure float32 convolutions are correct on this machine before any network runs.</summary>
/// <remarks>
/// Two steps. Before libtorch starts (module initializer, no torch call): read DISSIMNET_CONV, and where CPUID
/// describes no usable data caches (the condition under which libtorch 2.10's oneDNN gave wrong float32
/// convolutions), limit oneDNN to SSE4.1 through the C environment, which oneDNN reads once at start-up.
/// Before the first network runs (<see cref="EnsureVerified"/>): run <see cref="ConvolutionSelfCheck"/>; if the path
/// fails it, switch oneDNN off (libtorch's reference kernels) and check again. Only if every path fails, or a forced
/// path fails, is an error raised: a wrong number is never returned silently.
/// </remarks>
public static class ConvolutionGuard
{
    /// <summary>oneDNN's own variable; DissimNet sets it only when the user has not.</summary>
    public const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";

    static ConvolutionPath _planned = ConvolutionPath.OneDnn;
    static string _plannedReason = "CPU cache description looks normal";
    static bool _forced;
    static CpuCacheReport? _cpu;
    static Exception? _planError;
    static readonly Lazy<ConvolutionGuardStatus> _status = new(Verify, LazyThreadSafetyMode.ExecutionAndPublication);

#pragma warning disable CA2255 // must run before any torch call of the library or its callers can start oneDNN
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void PlanBeforeTorch()
    {
        try
        {
            _cpu = CpuCacheProbe.ProbeThisMachine();
            var forced = ConvolutionPathNames.Parse(Environment.GetEnvironmentVariable(ConvolutionPathNames.Variable));
            (_planned, _plannedReason, _forced) = forced is { } path
                ? (path, $"{ConvolutionPathNames.Variable}={path.Name()}", true)
                : _cpu is { Plausible: false }
                    ? (ConvolutionPath.OneDnnSse41, $"{_cpu.Detail}, which has made oneDNN compute wrong float32 convolutions", false)
                    : (ConvolutionPath.OneDnn, _cpu is null ? "not an x86 CPU" : "the fast path; CPUID describes the data caches", false);
            if (_planned == ConvolutionPath.OneDnnSse41 && NativeSwitches.GetNativeEnvironment(OneDnnIsaVariable) is null)
                NativeSwitches.SetNativeEnvironment(OneDnnIsaVariable, "SSE41");
        }
        catch (Exception e)
        {
            _planError = e; // reported by EnsureVerified, never from a module initializer
        }
    }

    /// <summary>Runs the check once per process and returns the path in use; throws <see cref="DissimNetException"/> when no path is correct.</summary>
    public static ConvolutionGuardStatus EnsureVerified() => _status.Value;

    /// <summary>The status if the check has run, else null (does not start libtorch).</summary>
    public static ConvolutionGuardStatus? StatusIfVerified => _status.IsValueCreated ? _status.Value : null;

    static ConvolutionGuardStatus Verify()
    {
        if (_planError is DissimNetException) throw _planError;
        var reason = _plannedReason;
        if (_planned == ConvolutionPath.OneDnnSse41 && NativeSwitches.GetNativeEnvironment(OneDnnIsaVariable) is { } isa
            && !isa.Equals("SSE41", StringComparison.OrdinalIgnoreCase))
            reason += $" (but {OneDnnIsaVariable}={isa} was set by the user)";
        _ = TorchSharp.torch.get_num_threads(); // loads libtorch, so the time below is the check's alone
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var status = Decide(_planned, reason, _forced, _cpu, () => ConvolutionSelfCheck.Run(), NativeSwitches.TrySetOneDnnEnabled);
        return status with { CheckSeconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>Checks the planned path and falls back to the reference kernels when it fails (check and switch injected for tests).</summary>
    internal static ConvolutionGuardStatus Decide(ConvolutionPath planned, string reason, bool forced, CpuCacheReport? cpu,
        Func<IReadOnlyList<ConvolutionCheckResult>> check, Func<bool, bool> trySetOneDnnEnabled)
    {
        if (planned == ConvolutionPath.Reference && !trySetOneDnnEnabled(false))
            throw new DissimNetException($"{ConvolutionPathNames.Variable}=reference: libtorch's oneDNN switch cannot be reached on this platform");
        var worst = Worst(check());
        if (worst.Passed)
            return new(planned, reason, cpu, worst.RelativeError, forced);
        string failure = $"float32 convolution {worst.Case} ({worst.Quantity}) differs from float64 by {worst.RelativeError:0.0e+0} relative on the {planned.Name()} path";
        if (forced)
            throw new DissimNetException($"{failure}, which {ConvolutionPathNames.Variable} forces; unset it to let DissimNet choose a correct path");
        if (planned != ConvolutionPath.Reference && trySetOneDnnEnabled(false))
        {
            var again = Worst(check());
            if (again.Passed)
                return new(ConvolutionPath.Reference, $"{failure}; switched to libtorch's reference kernels", cpu, again.RelativeError, false);
            failure += $", and {again.Case} ({again.Quantity}) by {again.RelativeError:0.0e+0} with oneDNN off";
        }
        throw new DissimNetException($"{failure}: no correct convolution path on this CPU ({cpu?.Detail ?? "unknown CPU"}); please report it");
    }

    static ConvolutionCheckResult Worst(IReadOnlyList<ConvolutionCheckResult> results) =>
        results.FirstOrDefault(r => !r.Passed) ?? results.MaxBy(r => r.RelativeError)!;
}
