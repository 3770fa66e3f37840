using System.Diagnostics;
using System.Security.Cryptography;
using DissimNet.IO;

namespace DissimNet.Tests.Fuzz;

/// <summary>The fuzz tests run alone: each case's memory is sampled from the whole process, so no other test may run beside them.</summary>
[CollectionDefinition("Fuzz", DisableParallelization = true)]
public sealed class FuzzCollection;

/// <summary>A valid file for one reader and the mutations to try on it besides the generic ones.</summary>
/// <param name="Name">Names the file in failure messages.</param>
/// <param name="TruncationMustFail">True for binary formats, where a strict prefix is damaged: reading one must fail or give
/// a part of the whole file's content (its first variables).</param>
/// <param name="Crafted">Format-aware mutations (huge, zero or negative declared sizes, duplicate names), each with a description.</param>
internal sealed record FuzzSeed(string Name, byte[] Valid, bool TruncationMustFail = true, IReadOnlyList<(string Mutation, byte[] Bytes)>? Crafted = null);

/// <summary>Runs a reader on every mutation of its seeds and checks each outcome: a one-line <see cref="DissimNetException"/>,
/// or a result (and for a truncated binary file, the whole file's result); never another exception, more than
/// <see cref="MemoryCeiling"/> over the file's size, or more than <see cref="TimeLimit"/>.</summary>
/// <remarks>Environment: DISSIMNET_FUZZ_CASES sets the random mutations per seed file (default <see cref="DefaultRandomCases"/>
/// or the test's own number);
/// DISSIMNET_FUZZ_SEED the seed (default <see cref="DefaultSeed"/>); DISSIMNET_FUZZ_REPLAY=reader#index runs that one case.
/// While cases run, the array limit is <see cref="ArrayLimit"/>, so a case that passes it shows as a limit error, not as the machine swapping.</remarks>
internal static class FuzzRunner
{
    public const int DefaultSeed = 20261129, DefaultRandomCases = 120, TruncationLimit = 400;
    public const long MemoryCeiling = 512L << 20;
    public const string ArrayLimit = "256M";
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(2);
    static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("DISSIMNET_FUZZ_SEED"), out int s) ? s : DefaultSeed;
    /// <summary>DISSIMNET_FUZZ_CASES when set: it overrides every test's own number of random mutations per seed file.</summary>
    static int? RequestedCases => int.TryParse(Environment.GetEnvironmentVariable("DISSIMNET_FUZZ_CASES"), out int n) && n >= 0 ? n : null;
    static string? Replay => Environment.GetEnvironmentVariable("DISSIMNET_FUZZ_REPLAY");

    /// <summary>The cases for <paramref name="seeds"/>, in a fixed order for one seed: per file its truncations, its crafted mutations, then random ones.</summary>
    public static IEnumerable<FuzzCase> Cases(IReadOnlyList<FuzzSeed> seeds, int randomCases)
    {
        var random = new Random(Seed);
        int index = 0;
        foreach (var seed in seeds)
        {
            foreach (var (mutation, bytes, truncated) in Mutator.Truncations(seed.Valid, random, TruncationLimit))
                yield return new FuzzCase(index++, $"{seed.Name}: {mutation}", bytes, truncated && seed.TruncationMustFail);
            foreach (var (mutation, bytes) in seed.Crafted ?? [])
                yield return new FuzzCase(index++, $"{seed.Name}: {mutation}", bytes);
            for (int k = 0; k < randomCases; k++)
            {
                var (mutation, bytes) = Mutator.Random(seed.Valid, random);
                yield return new FuzzCase(index++, $"{seed.Name}: {mutation}", bytes);
            }
        }
    }

    /// <summary>Reads every valid seed (which must succeed), then every case; fails listing each broken case with how to replay it.</summary>
    /// <param name="read">Reads a file and returns a fingerprint of everything it read (compared for truncated binary files).</param>
    /// <returns>How many cases ran.</returns>
    /// <param name="outsideOurCode">For a case over its memory or time budget that still failed with a one-line error: true when
    /// the excess was spent in a third-party library we cannot bound (its exception's origin), so the case is tolerated, not failed.</param>
    public static int Run(string reader, string extension, IReadOnlyList<FuzzSeed> seeds, Func<string, string> read, int? randomCases = null,
        Func<Exception, bool>? outsideOurCode = null)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"dissimnet-fuzz-{reader}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        // The limit holds for this test's reads only (a scope of its flow), not for tests running beside it.
        using var limit = ReadLimits.Use(ReadLimits.From(RuntimeEnvironment.FromVariables(new Dictionary<string, string> { [ReadLimits.EnvironmentVariable] = ArrayLimit })));
        using var sampler = new MemorySampler();
        try
        {
            var expected = new Dictionary<string, string>();
            foreach (var seed in seeds)
            {
                string path = Write(folder, "valid" + extension, seed.Valid);
                expected[seed.Name] = read(path); // also warms up the reader, so the first case's time is its own
            }
            string? replay = Replay;
            var failures = new List<string>();
            int count = 0;
            foreach (var c in Cases(seeds, RequestedCases ?? randomCases ?? DefaultRandomCases))
            {
                if (replay is not null && replay != $"{reader}#{c.Index}") continue;
                count++;
                string path = Write(folder, $"case{extension}", c.Bytes);
                string seedName = c.Mutation[..c.Mutation.IndexOf(':')];
                string? problem = RunCase(path, c, read, expected[seedName], sampler, outsideOurCode);
                if (problem is null) continue;
                string saved = Path.Combine(Path.GetTempPath(), "dissimnet-fuzz-failures", $"{reader}-{c.Index}{extension}");
                Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
                File.WriteAllBytes(saved, c.Bytes);
                failures.Add($"{reader} case {c.Index} ({c.Mutation}): {problem} [replay: DISSIMNET_FUZZ_SEED={Seed} DISSIMNET_FUZZ_REPLAY={reader}#{c.Index}; input saved as {saved}]");
            }
            if (failures.Count > 0)
                Assert.Fail($"{failures.Count} of {count} fuzz cases failed:\n" + string.Join("\n", failures.Take(25)));
            return count;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static string Write(string folder, string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs one case on its own thread (so a hang cannot stop the run and its allocations are its own); null when it passed.</summary>
    static string? RunCase(string path, FuzzCase c, Func<string, string> read, string expected, MemorySampler sampler, Func<Exception, bool>? outsideOurCode)
    {
        string? fingerprint = null;
        Exception? error = null;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try { fingerprint = read(path); }
            catch (Exception e) { error = e; }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        sampler.StartCase();
        var clock = Stopwatch.StartNew();
        thread.Start();
        if (!thread.Join(HangLimit)) return $"still running after {HangLimit.TotalSeconds} s (hang?)";
        clock.Stop();
        long grown = sampler.EndCase();
        long ceiling = MemoryCeiling + c.Bytes.Length;
        // Over budget is a failure, unless the case ended in a one-line error and the excess was spent in a library we cannot bound.
        bool tolerated = error is DissimNetException && outsideOurCode is not null && outsideOurCode(error);
        string outcome = error is null ? "then read it" : $"then threw {error.GetType().Name}: {Shorten(error.Message)}";
        if (clock.Elapsed > TimeLimit && !tolerated) return $"took {clock.Elapsed.TotalSeconds:0.00} s, more than {TimeLimit.TotalSeconds} s, {outcome}";
        if (allocated > ceiling && !tolerated) return $"allocated {allocated} managed bytes, more than {ceiling}, {outcome}";
        if (grown > ceiling && !tolerated) return $"the process grew by {grown} bytes, more than {ceiling}, {outcome}";
        switch (error)
        {
            case DissimNetException e when string.IsNullOrWhiteSpace(e.Message):
                return "DissimNetException with an empty message";
            case DissimNetException e when e.Message.Any(char.IsControl) || e.Message.Contains("frame #"):
                return $"DissimNetException with a line break, a control character or a native frame: {e.Message.ReplaceLineEndings("\\n")}";
            case DissimNetException:
                return null;
            case not null:
                return $"threw {error.GetType().FullName}: {error.Message} at {error.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}";
        }
        // A file cut between two whole variables may be a valid smaller file (MAT v5 has no variable count): its content must be a prefix.
        if (c.Truncated && (fingerprint is null || !expected.StartsWith(fingerprint, StringComparison.Ordinal)))
            return $"a truncated file was read without an error, giving {Shorten(fingerprint)}, not a part of {Shorten(expected)}";
        return null;
    }

    static string Shorten(string? text) => text is null ? "null" : text.Length <= 200 ? text : text[..200] + "...";

    /// <summary>A short text that changes when any of an array's type, shape or values do.</summary>
    public static string Fingerprint(NdArray array)
    {
        var bytes = new byte[Buffer.ByteLength(array.Data)];
        Buffer.BlockCopy(array.Data, 0, bytes, 0, bytes.Length);
        return $"{array.Type} {array.ShapeText} {Convert.ToHexString(SHA256.HashData(bytes))[..16]}";
    }
}

/// <summary>Samples the process's resident memory every few milliseconds, to catch native allocations (libtorch, Skia) the GC does not count.</summary>
internal sealed class MemorySampler : IDisposable
{
    readonly Thread _thread;
    volatile bool _stop;
    long _baseline, _peak;

    public MemorySampler()
    {
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                long now = Resident();
                long peak = Interlocked.Read(ref _peak);
                if (now > peak) Interlocked.CompareExchange(ref _peak, now, peak);
                Thread.Sleep(5);
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    public void StartCase()
    {
        _baseline = Resident();
        Interlocked.Exchange(ref _peak, _baseline);
    }

    /// <summary>How far resident memory rose above its level at <see cref="StartCase"/>.</summary>
    public long EndCase() => Math.Max(Interlocked.Read(ref _peak), Resident()) - _baseline;

    /// <summary>Resident bytes from /proc/self/statm on Linux (cheap), else the runtime's working set.</summary>
    static long Resident()
    {
        if (!OperatingSystem.IsLinux()) return Environment.WorkingSet;
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1]) * Environment.SystemPageSize;
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
