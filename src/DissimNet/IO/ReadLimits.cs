using System.Globalization;

namespace DissimNet.IO;

/// <summary>The most bytes one array read from a file may take; every reader checks a declared size against it before allocating.</summary>
/// <remarks>Default: 2 GiB or half the memory available to the process, whichever is less; DISSIMNET_MAX_ARRAY_BYTES overrides it
/// (a byte count, optionally with a K, M or G suffix). The limit in force is that of the innermost <see cref="Use(long)"/> scope of the
/// calling flow (a runtime context sets one per command), else the one of <see cref="RuntimeEnvironment.Process"/>: readers are
/// called from every layer, so the limit travels with the call's flow rather than through each reader's parameters.</remarks>
internal static class ReadLimits
{
    /// <summary>The environment variable that overrides <see cref="MaxArrayBytes"/>.</summary>
    public const string EnvironmentVariable = RuntimeEnvironment.MaxArrayBytesVariable;

    private const long DefaultCeiling = 2L << 30;

    /// <summary>The limit of the innermost <see cref="Use(long)"/> scope on this flow (async-local: another thread's or test's scope is not seen).</summary>
    private static readonly AsyncLocal<Func<long>?> scoped = new();

    /// <summary>The limit in force: the innermost <see cref="Use(long)"/> scope's, else the one <see cref="RuntimeEnvironment.Process"/> gives.</summary>
    /// <exception cref="DissimNetException">When the environment that gives it sets DISSIMNET_MAX_ARRAY_BYTES to something that is not a byte count.</exception>
    public static long MaxArrayBytes => scoped.Value?.Invoke() ?? From(RuntimeEnvironment.Process);

    /// <summary>The limit <paramref name="environment"/> gives: DISSIMNET_MAX_ARRAY_BYTES when set, else the default.</summary>
    /// <exception cref="DissimNetException">When the variable is set but not a byte count.</exception>
    public static long From(RuntimeEnvironment environment)
    {
        string? text = environment.MaxArrayBytes;
        if (string.IsNullOrWhiteSpace(text))
            return Math.Min(DefaultCeiling, Math.Max(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2, 64L << 20));
        return Parse(text.Trim()) ?? throw new DissimNetException(
            $"environment variable {EnvironmentVariable}='{text}' is not a byte count (e.g. 2000000000, 512M or 8G)");
    }

    /// <summary>Makes <paramref name="maxArrayBytes"/> the limit of this flow (and what it starts) until the result is disposed.</summary>
    public static IDisposable Use(long maxArrayBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxArrayBytes);
        return Use(() => maxArrayBytes);
    }

    /// <summary>Makes the limit <paramref name="environment"/> gives (see <see cref="From"/>) the limit of this flow until the result
    /// is disposed; a bad value is reported by the first check, not here.</summary>
    public static IDisposable Use(RuntimeEnvironment environment) => Use(() => From(environment));

    private static Scope Use(Func<long> limit)
    {
        var scope = new Scope(scoped.Value);
        scoped.Value = limit;
        return scope;
    }

    /// <summary>Restores the limit that was in force before <see cref="Use(long)"/>.</summary>
    private sealed class Scope(Func<long>? previous) : IDisposable
    {
        public void Dispose() => scoped.Value = previous;
    }

    /// <summary>Throws a one-line error unless <paramref name="bytes"/> (what the file declares) is within the limit.</summary>
    public static void Check(long bytes, string where, string what)
    {
        long limit = MaxArrayBytes;
        if (bytes < 0 || bytes > limit)
            throw new DissimNetException($"{where}: {what} declares {Describe(bytes)}, more than the limit of {Describe(limit)} per array " +
                $"(corrupt file? set {EnvironmentVariable} to allow more)");
    }

    /// <summary>A byte count as people read it, e.g. "15.7 GB (15680000000 bytes)".</summary>
    public static string Describe(long bytes) => bytes < 0 ? "more bytes than a 64-bit count holds"
        : bytes < 1_000_000 ? $"{bytes} bytes"
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.###} GB ({bytes} bytes)");

    /// <summary>Element count times element size, or -1 when it overflows.</summary>
    public static long Bytes(long count, long elementSize)
    {
        try { return checked(count * elementSize); }
        catch (OverflowException) { return -1; }
    }

    private static long? Parse(string text)
    {
        long scale = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1 };
        if (scale != 1) text = text[..^1];
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value <= 0) return null;
        try { return checked(value * scale); }
        catch (OverflowException) { return null; }
    }
}
