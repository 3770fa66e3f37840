using System.Runtime.ExceptionServices;

namespace DissimNet.Networks.Runtime;

/// <summary>The convolution path in use, why it was chosen, and what the self-check measured on it.</summary>
/// <param name="Path">The kernels float32 convolutions run on.</param>
/// <param name="Reason">Why this path, in one line.</param>
/// <param name="Cpu">The CPUID cache description (null off x86).</param>
/// <param name="WorstRelativeError">The self-check's largest float32-vs-float64 error on this path.</param>
/// <param name="Forced">True when DISSIMNET_CONV chose the path.</param>
internal sealed record ConvolutionGuardStatus(ConvolutionPath Path, string Reason, CpuCacheReport? Cpu, double WorstRelativeError, bool Forced)
{
    /// <summary>Wall time of the self-check(s), seconds.</summary>
    public double CheckSeconds { get; init; }

    /// <summary>One line for <c>dissimnet --version</c> and run records.</summary>
    public string Describe() =>
        $"{Path.Name()} ({Reason}; self-check of {ConvolutionSelfCheck.Cases.Count} shapes: max relative error {WorstRelativeError:0.0e+0}, {CheckSeconds * 1000:F0} ms)";
}

/// <summary>What the guard tries, in order, and why; made from the environment and the CPUID description without any torch call.</summary>
/// <param name="Candidates">The paths to try, first choice first.</param>
/// <param name="Reason">Why these, in one line.</param>
/// <param name="Forced">True when DISSIMNET_CONV chose the one path.</param>
/// <param name="Cpu">The CPUID cache description (null off x86).</param>
/// <param name="LimitsOneDnnIsa">True when oneDNN must be limited to SSE4.1 through ONEDNN_MAX_CPU_ISA before its first kernel.</param>
internal sealed record ConvolutionPlan(IReadOnlyList<ConvolutionPath> Candidates, string Reason, bool Forced, CpuCacheReport? Cpu, bool LimitsOneDnnIsa);

/// <summary>Makes sure float32 convolutions are correct on this machine before any network runs.</summary>
/// <remarks>
/// Runs when the first network is built (<see cref="NetworkZoo.Create"/>, or the construction of any
/// <see cref="ITappableNetwork"/>), before any convolution of DissimNet runs. First the plan, without a torch call: read
/// DISSIMNET_CONV and the CPUID cache description. Where that description is empty or impossible (the condition under which
/// libtorch 2.10's oneDNN gave wrong float32 convolutions), the first choice is libtorch's reference kernels (oneDNN off;
/// measured 2.5x the time of oneDNN for a ResNet-18 training step, against 4.7x for oneDNN limited to SSE4.1, see bench
/// cpu-paths), and oneDNN is limited to SSE4.1 through the C environment as the second choice: oneDNN reads
/// ONEDNN_MAX_CPU_ISA once, when it creates its first kernel, which loading libtorch and setting its thread count do not do.
/// Then the candidates are tried in order with <see cref="ConvolutionSelfCheck"/>, and the first that passes is kept.
/// Only if none passes, or a forced path fails, is an error raised: a wrong number is never returned silently.
/// The outcome is process-wide, as libtorch's oneDNN switch and oneDNN's instruction-set limit are.
/// </remarks>
internal static class ConvolutionGuard
{
    /// <summary>oneDNN's own variable; DissimNet sets it only when the user has not.</summary>
    public const string OneDnnIsaVariable = RuntimeEnvironment.OneDnnIsaVariable;

    static readonly object _gate = new();
    static ConvolutionPlan? _plan;
    static ConvolutionGuardStatus? _status;
    static ExceptionDispatchInfo? _failure;

    /// <summary>Plans (from <paramref name="runtime"/>'s environment, default <see cref="RuntimeEnvironment.Process"/>) and runs the
    /// check once per process, and returns the path in use.</summary>
    /// <exception cref="DissimNetException">When no path is correct, a forced one fails, or <paramref name="runtime"/> asks for
    /// another path than the one this process already runs on.</exception>
    public static ConvolutionGuardStatus EnsureVerified(RuntimeContext? runtime = null)
    {
        ConvolutionGuardStatus status;
        lock (_gate)
        {
            _failure?.Throw();
            try { _status ??= Verify(PlanOnce(runtime?.Environment ?? RuntimeEnvironment.Process)); }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                throw;
            }
            status = _status;
        }
        if (runtime?.RequestedConvolutionPath is { } requested && requested != status.Path)
            throw new DissimNetException($"{ConvolutionPathNames.Variable}={requested.Name()}, but this process already runs convolutions on the " +
                $"{status.Path.Name()} path (the path is chosen once per process, when its first network is built)");
        return status;
    }

    /// <summary>Makes the plan from <paramref name="environment"/> now and applies its instruction-set limit, without any torch call,
    /// unless a plan exists; for a host that calls torch itself before building a network (the test assembly does).
    /// A bad DISSIMNET_CONV is left to <see cref="EnsureVerified"/> to report.</summary>
    internal static void PlanBeforeTorch(RuntimeEnvironment environment)
    {
        lock (_gate)
        {
            try { PlanOnce(environment); }
            catch (DissimNetException) { }
        }
    }

    static ConvolutionPlan PlanOnce(RuntimeEnvironment environment)
    {
        if (_plan is not null) return _plan;
        CpuCacheReport? cpu;
        try { cpu = CpuCacheProbe.ProbeThisMachine(); }
        catch (Exception e) when (e is not DissimNetException) { cpu = null; } // no description: planned as off x86
        var plan = Plan(environment, cpu);
        if (plan.LimitsOneDnnIsa) NativeSwitches.SetNativeEnvironment(OneDnnIsaVariable, "SSE41");
        return _plan = plan;
    }

    /// <summary>The plan for <paramref name="environment"/> on a CPU described by <paramref name="cpu"/>.</summary>
    /// <exception cref="DissimNetException">When DISSIMNET_CONV names no path.</exception>
    internal static ConvolutionPlan Plan(RuntimeEnvironment environment, CpuCacheReport? cpu)
    {
        var forced = ConvolutionPathNames.Parse(environment.ConvolutionPath);
        bool userIsa = environment.OneDnnIsa is not null;
        IReadOnlyList<ConvolutionPath> candidates = [ConvolutionPath.OneDnn, ConvolutionPath.Reference];
        string reason;
        if (forced is { } path)
            (candidates, reason) = ([path], $"{ConvolutionPathNames.Variable}={path.Name()}");
        else if (cpu is { Plausible: false })
            (candidates, reason) = (userIsa ? [ConvolutionPath.Reference, ConvolutionPath.OneDnn] : [ConvolutionPath.Reference, ConvolutionPath.OneDnnSse41],
                $"{cpu.Detail}, under which oneDNN has computed wrong float32 convolutions");
        else
            reason = cpu is null ? "not an x86 CPU" : "the fast path; CPUID describes the data caches";
        if (userIsa)
            reason += $"; {OneDnnIsaVariable}={environment.OneDnnIsa} as set by the user";
        return new(candidates, reason, forced is not null, cpu, candidates.Contains(ConvolutionPath.OneDnnSse41) && !userIsa);
    }

    static ConvolutionGuardStatus Verify(ConvolutionPlan plan)
    {
        _ = TorchSharp.torch.get_num_threads(); // loads libtorch, so the time below is the check's alone
        // NNPACK is a third kernel set libtorch may pick for some float32 convolutions once oneDNN is off; DissimNet uses
        // oneDNN or libtorch's own kernels only, so the reference path is exactly what its name says (and where NNPACK
        // cannot start, e.g. on a Zen 5 VM, libtorch no longer prints a warning for every convolution).
        NativeSwitches.TrySetNnpackEnabled(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var status = Decide(plan.Candidates, plan.Reason, plan.Forced, plan.Cpu, () => ConvolutionSelfCheck.Run(), NativeSwitches.TrySetOneDnnEnabled);
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
