using System.Buffers.Binary;

namespace DissimNet.IO;

/// <summary>Checks an HDF5 file's length against the end-of-file address its superblock declares, before PureHDF reads it.</summary>
/// <remarks>PureHDF reads past the end of a truncated file as if the missing bytes were there, so a cut file can open
/// with groups or descriptors silently missing, or with garbage sizes; HDF5 itself refuses such a file ("truncated file").
/// The superblock sits at byte 0, 512, 1024, 2048, ... (after a user block, e.g. MATLAB's 512-byte header).</remarks>
internal static class Hdf5Superblock
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Throws a one-line error when the file is shorter than its superblock says, or has no HDF5 superblock.</summary>
    public static void Check(string path, string where, string expected)
    {
        using var stream = File.OpenRead(path);
        long length = stream.Length;
        var block = new byte[96];
        for (long at = 0; at + Signature.Length <= length; at = at == 0 ? 512 : at * 2)
        {
            stream.Position = at;
            int read = stream.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
            if (read < Signature.Length || !block.AsSpan(0, Signature.Length).SequenceEqual(Signature)) continue;
            long? end = DeclaredEnd(block.AsSpan(0, read));
            if (end is null)
                throw new DissimNetException($"{where}: the HDF5 superblock at byte {at} is truncated or of an unknown version (corrupt file)");
            if (end > length)
                throw new DissimNetException($"{where}: file is truncated: its HDF5 superblock says it ends at byte {end}, but it has {length} bytes; copy or save it again");
            return;
        }
        throw new DissimNetException($"{where}: not a readable HDF5 file: no HDF5 signature at byte 0, 512, 1024, ...; expected {expected}");
    }

    /// <summary>The declared end-of-file address, or null when the superblock cannot be read.</summary>
    /// <remarks>Both libhdf5 (MATLAB) and PureHDF write it as the whole file's length, user block included, whatever the base address.</remarks>
    private static long? DeclaredEnd(ReadOnlySpan<byte> block)
    {
        if (block.Length < 9) return null;
        int version = block[8];
        int offsets, baseAt;
        switch (version)
        {
            case 0 or 1:
                if (block.Length < 16) return null;
                offsets = block[13];
                baseAt = version == 0 ? 24 : 28;
                break;
            case 2 or 3:
                if (block.Length < 12) return null;
                offsets = block[9];
                baseAt = 12;
                break;
            default:
                return null;
        }
        if (offsets is not (2 or 4 or 8)) return null;
        // Versions 0 and 1: base, free-space, end-of-file addresses; versions 2 and 3: base, superblock extension, end-of-file.
        int endAt = baseAt + 2 * offsets;
        if (block.Length < endAt + offsets) return null;
        ulong end = Address(block.Slice(endAt, offsets));
        if (end == ulong.MaxValue) return null; // "undefined address"
        return end > long.MaxValue ? long.MaxValue : (long)end;
    }

    private static ulong Address(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes) is var v && v == ushort.MaxValue ? ulong.MaxValue : v,
        4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes) is var v && v == uint.MaxValue ? ulong.MaxValue : v,
        _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
    };
}
