namespace DissimNet.IO;

/// <summary>Reads MATLAB .mat files of any version DissimNet supports (5, 6, 7 and the HDF5-based 7.3).</summary>
internal static class MatReader
{
    /// <summary>Reads every variable; detects version 5 or 7.3 from the 128-byte header.</summary>
    public static MatFile Read(string path) =>
        IsVersion73(FileBytes.ReadPrefix(path, 128)) ? Mat73Reader.Read(path) : Mat5Reader.Read(FileBytes.ReadAll(path), path);

    /// <summary>Reads every variable's class and size for an inventory: numeric v7.3 datasets and large compressed v5 arrays
    /// are described from their headers without reading their data.</summary>
    public static MatFile Describe(string path) =>
        IsVersion73(FileBytes.ReadPrefix(path, 128)) ? Mat73Reader.Read(path, headersOnly: true) : Mat5Reader.Read(FileBytes.ReadAll(path), path, headersOnly: true);

    /// <summary>Version 7.3 files carry version 0x0200 at offset 124 (either byte order) or start directly with HDF5's signature.</summary>
    private static bool IsVersion73(byte[] bytes) =>
        bytes.Length >= 128 && ((bytes[124], bytes[125]) is (0, 2) or (2, 0))
        || bytes.Length >= 8 && bytes.AsSpan(0, 8).SequenceEqual(Hdf5Signature);

    private static ReadOnlySpan<byte> Hdf5Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];
}
