using System.Text;
using PureHDF;

namespace DissimNet.Tests.Fuzz;

/// <summary>Writes small MAT v7.3 files with PureHDF: HDF5 behind a 512-byte user block holding MATLAB's 128-byte header.</summary>
internal static class Mat73Files
{
    /// <summary>A v7.3 file of the given datasets, each tagged with its MATLAB_class.</summary>
    public static byte[] Of(params (string Name, object Data, string MatlabClass)[] variables)
    {
        var file = new H5File();
        foreach (var (name, data, matlabClass) in variables)
        {
            var dataset = new H5Dataset(data);
            dataset.Attributes["MATLAB_class"] = matlabClass;
            file[name] = dataset;
        }
        return WithHeader(stream => file.Write(stream, Options));
    }

    /// <summary>About 1.5 KB: a 46340 x 46340 double dataset (16 GB) in one chunk that is never written, so every element reads as the fill value (0).</summary>
    /// <remarks>One chunk, because PureHDF sets the file's length to hold every chunk of smaller ones (a sparse file of many GB).</remarks>
    public static byte[] Bomb()
    {
        var dataset = new H5Dataset<double[]>(fileDims: [46340, 46340], chunks: [46340, 46340]);
        dataset.Attributes["MATLAB_class"] = "double";
        var file = new H5File { ["big"] = dataset };
        return WithHeader(stream => file.BeginWrite(stream, BombOptions).Dispose());
    }

    static readonly H5WriteOptions Options = new(UserBlockSize: 512);

    // "double" as a fixed-length string of its own 6 bytes, as MATLAB writes it: a variable-length one would need a 4 KB global heap.
    static readonly H5WriteOptions BombOptions = new(UserBlockSize: 512, DefaultStringLength: 6);

    static byte[] WithHeader(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        var bytes = stream.ToArray();
        StampHeader(bytes);
        return bytes;
    }

    /// <summary>Writes MATLAB's 128-byte v7.3 header into the first bytes of an HDF5 file's 512-byte user block.</summary>
    public static void StampHeader(byte[] bytes)
    {
        var header = Encoding.ASCII.GetBytes("MATLAB 7.3 MAT-file, Platform: GLNXA64, Created by: DissimNet tests HDF5 schema 1.00 .".PadRight(116));
        header.CopyTo(bytes, 0);
        bytes[124] = 0; bytes[125] = 2; // version 0x0200, little endian
        bytes[126] = (byte)'I'; bytes[127] = (byte)'M';
    }
}
