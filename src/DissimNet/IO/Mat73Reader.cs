namespace DissimNet.IO;

/// <summary>Reads MATLAB MAT-file version 7.3 (HDF5 with a 512-byte MATLAB header).</summary>
internal static class Mat73Reader
{
    public static MatFile Read(string path) =>
        throw new DissimNetException($"{path}: MAT-file version 7.3 is not supported yet; save with -v7 in MATLAB");
}
