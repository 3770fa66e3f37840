using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>Cell arrays of strings written by MatWriter read back as the same strings, compressed or not.</summary>
public class MatWriterCellTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CellOfStringsRoundTrips(bool compress)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-{Environment.ProcessId}-cells-{compress}.mat");
        string[] names = ["features.10", "layer4.1", "conv5_2"];
        var cell = new MatCell([1, names.Length], names.Select(n => (MatValue)MatChar.FromString(n)).ToList());
        var matrix = new MatNumeric(new NdArray([2, 2], [1.0, 2, 3, 4]));
        MatWriter.Write(path, [new("layers", cell), new("x", matrix)], compress);
        Assert.Equal(names, DataSpec.LoadStrings(path + ":layers"));
        Assert.Equal([1.0, 2, 3, 4], DataSpec.LoadArray(path + ":x").ToDoubleArray());
    }
}
