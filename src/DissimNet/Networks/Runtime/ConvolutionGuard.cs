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
/// Two steps. Before libtorch starts (module initializer, no torch call): read DISSIMNET_CONV and the CPUID cache
/// description. Where that description is empty or impossible (the condition under which libtorch 2.10's oneDNN gave
/// wrong float32 convolutions), the first choice is libtorch's reference kernels (oneDNN off; measured 2.5x the time
/// of oneDNN for a ResNet-18 training step, against 4.7x for oneDNN limited to SSE4.1, see bench cpu-paths), and
/// oneDNN is limited to SSE4.1 through the C environment, which it reads once at start-up, as the second choice.
/// Before the first network runs (<see cref="EnsureVerified"/>): the candidates are tried in order with
/// <see cref="ConvolutionSelfCheck"/>, and the first that passes is kept. Only if none passes, or a forced path
/// fails, is an error raised: a wrong number is never returned silently.
/// </remarks>
public static class ConvolutionGuard
{
    /// <summary>oneDNN's own variable; DissimNet sets it only when the user has not.</summary>
    public const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";

    static IReadOnlyList<ConvolutionPath> _candidates = [ConvolutionPath.OneDnn, ConvolutionPath.Reference];
    static string _plannedReason = "the fast path";
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
            bool userIsa = NativeSwitches.GetNativeEnvironment(OneDnnIsaVariable) is not null;
            if (forced is { } path)
                (_candidates, _plannedReason, _forced) = ([path], $"{ConvolutionPathNames.Variable}={path.Name()}", true);
            else if (_cpu is { Plausible: false })
                (_candidates, _plannedReason) = (userIsa ? [ConvolutionPath.Reference, ConvolutionPath.OneDnn] : [ConvolutionPath.Reference, ConvolutionPath.OneDnnSse41],
                    $"{_cpu.Detail}, under which oneDNN has computed wrong float32 convolutions");
            else
                _plannedReason = _cpu is null ? "not an x86 CPU" : "the fast path; CPUID describes the data caches";
            if (_candidates.Contains(ConvolutionPath.OneDnnSse41) && !userIsa)
                NativeSwitches.SetNativeEnvironment(OneDnnIsaVariable, "SSE41");
            if (userIsa)
                _plannedReason += $"; {OneDnnIsaVariable}={NativeSwitches.GetNativeEnvironment(OneDnnIsaVariable)} as set by the user";
        }
        catch (Exception e)
        {
            _planError = e; // reported by EnsureVerified, never from a module initializer
        }
    }

    /// <summary>Runs the check once per process and returns the path in use; throws <see cref="DissimNetException"/> when no path is correct.</summary>
    public static ConvolutionGuardStatus EnsureVerified() => _status.Value;

    static ConvolutionGuardStatus Verify()
    {
        if (_planError is DissimNetException) throw _planError;
        _ = TorchSharp.torch.get_num_threads(); // loads libtorch, so the time below is the check's alone
        // NNPACK is a third kernel set libtorch may pick for some float32 convolutions once oneDNN is off; DissimNet uses
        // oneDNN or libtorch's own kernels only, so the reference path is exactly what its name says (and where NNPACK
        // cannot start, e.g. on a Zen 5 VM, libtorch no longer prints a warning for every convolution).
        NativeSwitches.TrySetNnpackEnabled(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var status = Decide(_candidates, _plannedReason, _forced, _cpu, () => ConvolutionSelfCheck.Run(), NativeSwitches.TrySetOneDnnEnabled);
        return status with { CheckSeconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>Tries the candidate paths in order and keeps the first that passes the check (check and switch injected for tests).</summary>
    internal static ConvolutionGuardStatus Decide(IReadOnlyList<ConvolutionPath> candidates, string reason, bool forced, CpuCacheReport? cpu,
        Func<IReadOnlyList<ConvolutionCheckResult>> check, Func<bool, bool> trySetOneDnnEnabled)
    {
        var failures = new List<string>();
        bool oneDnnOff = false; // oneDNN is on when libtorch starts; the switch is only touched to change that
        foreach (var path in candidates)
        {
            bool reference = path == ConvolutionPath.Reference;
            bool switched = reference == oneDnnOff || trySetOneDnnEnabled(!reference);
            if (switched) oneDnnOff = reference;
            else
            {
                if (forced) throw new DissimNetException($"{ConvolutionPathNames.Variable}={path.Name()}: libtorch's oneDNN switch cannot be reached on this platform");
                failures.Add($"the {path.Name()} path cannot be switched on here");
                continue;
            }
            var worst = Worst(check());
            if (worst.Passed)
                return new(path, failures.Count == 0 ? reason : $"{reason}; {string.Join("; ", failures)}", cpu, worst.RelativeError, forced);
            failures.Add($"on the {path.Name()} path float32 convolution {worst.Case} ({worst.Quantity}) differs from float64 by {worst.RelativeError:0.0e+0} relative");
            if (forced)
                throw new DissimNetException($"{failures[^1]}, and {ConvolutionPathNames.Variable} forces that path; unset it to let DissimNet choose a correct one");
        }
        throw new DissimNetException($"no correct convolution path on this CPU ({cpu?.Detail ?? "unknown CPU"}): {string.Join("; ", failures)}; please report it");
    }

    static ConvolutionCheckResult Worst(IReadOnlyList<ConvolutionCheckResult> results) =>
        results.FirstOrDefault(r => !r.Passed) ?? results.MaxBy(r => r.RelativeError)!;
}
