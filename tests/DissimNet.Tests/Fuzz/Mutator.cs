using System.Buffers.Binary;
using System.Text;

namespace DissimNet.Tests.Fuzz;

/// <summary>One input of a fuzz run: which mutation of which valid file, reproducible from the run's seed and the index.</summary>
/// <param name="Truncated">True when the bytes are a strict prefix of the valid file (a cut download or a full disk).</param>
internal sealed record FuzzCase(int Index, string Mutation, byte[] Bytes, bool Truncated = false);

/// <summary>Seeded mutations of valid files: truncation at every cut point, bit flips, byte overwrites, huge or zero or
/// negative numbers written over the file's integers, and text replacements for the declared sizes of text headers.</summary>
internal static class Mutator
{
    /// <summary>Interesting 32-bit values: the sizes and counts a corrupt or hostile header declares.</summary>
    static readonly uint[] Words = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFF0, 46340, 100000, 0x10000, 8, 0xFF];

    /// <summary>Every cut point of a file up to <paramref name="limit"/> bytes long, else <paramref name="limit"/> seeded cut points.</summary>
    public static IEnumerable<(string Mutation, byte[] Bytes, bool Truncated)> Truncations(byte[] valid, Random random, int limit)
    {
        var cuts = valid.Length <= limit
            ? Enumerable.Range(0, valid.Length)
            : Enumerable.Range(0, limit).Select(_ => random.Next(valid.Length)).Distinct().Order();
        foreach (int cut in cuts) yield return ($"truncated to {cut} of {valid.Length} bytes", valid[..cut], true);
    }

    /// <summary>One random byte-level mutation: 1 to 4 bit flips, a byte overwrite, a 32- or 64-bit integer overwrite, or a
    /// duplicated or deleted span.</summary>
    public static (string Mutation, byte[] Bytes) Random(byte[] valid, Random random, int from = 0)
    {
        var bytes = (byte[])valid.Clone();
        int Offset(int width) => from + random.Next(Math.Max(1, bytes.Length - from - width + 1));
        switch (random.Next(6))
        {
            case 0:
            {
                int flips = 1 + random.Next(4);
                var at = new List<string>();
                for (int k = 0; k < flips; k++)
                {
                    int offset = Offset(1), bit = random.Next(8);
                    bytes[offset] ^= (byte)(1 << bit);
                    at.Add($"{offset}.{bit}");
                }
                return ($"bit flips at {string.Join(", ", at)}", bytes);
            }
            case 1:
            {
                int offset = Offset(1);
                byte value = (byte)(random.Next(3) switch { 0 => 0, 1 => 0xFF, _ => random.Next(256) });
                bytes[offset] = value;
                return ($"byte {offset} set to 0x{value:X2}", bytes);
            }
            case 2 when bytes.Length >= 4:
            {
                int offset = Offset(4);
                uint word = Words[random.Next(Words.Length)];
                bool big = random.Next(2) == 0;
                if (big) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset), word);
                else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), word);
                return ($"uint32 at {offset} set to 0x{word:X8} ({(big ? "big" : "little")} endian)", bytes);
            }
            case 3 when bytes.Length >= 8:
            {
                int offset = Offset(8);
                ulong value = random.Next(3) switch { 0 => ulong.MaxValue, 1 => 1UL << 40, _ => (ulong)long.MaxValue };
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), value);
                return ($"uint64 at {offset} set to 0x{value:X16}", bytes);
            }
            case 4:
            {
                int start = Offset(1), length = 1 + random.Next(Math.Min(64, bytes.Length - start));
                return ($"{length} bytes at {start} duplicated", [.. bytes[..(start + length)], .. bytes[start..]]);
            }
            default:
            {
                int start = Offset(1), length = 1 + random.Next(Math.Min(64, Math.Max(1, bytes.Length - start)));
                length = Math.Min(length, bytes.Length - start);
                return ($"{length} bytes at {start} deleted", [.. bytes[..start], .. bytes[(start + length)..]]);
            }
        }
    }

    /// <summary>Replaces the first occurrence of <paramref name="find"/> in the file's text (Latin-1, so binary bytes survive) with <paramref name="replace"/>.</summary>
    public static (string Mutation, byte[] Bytes) Replace(byte[] valid, string find, string replace)
    {
        string text = Encoding.Latin1.GetString(valid);
        int at = text.IndexOf(find, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"'{find}' is not in the valid file; the fuzz corpus is out of date");
        return ($"'{find}' replaced by '{replace}'", Encoding.Latin1.GetBytes(text[..at] + replace + text[(at + find.Length)..]));
    }
}
