using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>Text matrices: separators, the header rule, and errors that point at the line.</summary>
public class CsvMatrixTests
{
    private static string Write(string text, string extension = ".csv")
    {
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void CommaSeparatedWithHeaderRow()
    {
        var (matrix, header) = CsvMatrix.ReadWithHeader(Write("a,b,c\n0, 0.5 ,1e-3\n\n# comment\n-1,NaN,inf\n"));
        Assert.Equal(["a", "b", "c"], header);
        Assert.Equal([2, 3], matrix.Shape);
        Assert.Equal([0, 0.5, 1e-3, -1, double.NaN, double.PositiveInfinity], matrix.ToDoubleArray());
    }

    [Fact]
    public void WhitespaceSeparatedWithoutHeader()
    {
        var (matrix, header) = CsvMatrix.ReadWithHeader(Write("1  2\t3\r\n4 5 6\r\n", ".txt"));
        Assert.Null(header);
        Assert.Equal([2, 3], matrix.Shape);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], matrix.ToDoubleArray());
    }

    [Fact]
    public void FirstRowIsAHeaderOnlyWhenNoFieldIsANumberAndTheReaderSaysSo()
    {
        var notes = new RecordingProgress();
        var named = Write("\"a\",b,\n0,1,2\n3,4,5\n"); // an empty field is not a number either
        Assert.Equal([2, 3], CsvMatrix.Read(named, notes).Shape);
        Assert.Equal([$"{named}: first row taken as a header"], notes.Notes);

        notes.Notes.Clear();
        Assert.Equal([2, 3], CsvMatrix.Read(Write("0,1,2\n3,4,5\n"), notes).Shape);
        Assert.Empty(notes.Notes);
    }

    [Fact]
    public void AFirstRowMixingNumbersAndTextIsAnError()
    {
        // A 10 x 10 RDM whose first row has one damaged cell used to lose that row as a "header" and become 9 x 10.
        var rows = Enumerable.Range(0, 10).Select(i => string.Join(",", Enumerable.Range(0, 10).Select(j => Math.Abs(i - j) / 10.0))).ToArray();
        rows[0] = rows[0].Replace("0.3", "x0.3");
        var path = Write(string.Join("\n", rows) + "\n");
        var error = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path));
        Assert.Equal($"{path}: line 1, column 4: 'x0.3' is not a number (the first row mixes numbers and text, so it is neither a header nor data)", error.Message);
    }

    [Fact]
    public void RoundTripKeepsFullPrecision()
    {
        var path = Write("");
        var array = new NdArray([2, 2], [Math.PI, -1e-300, 1.0 / 3, 42]);
        CsvMatrix.Write(path, array);
        Assert.Equal(array.ToDoubleArray(), DataSpec.LoadArray(path).ToDoubleArray());
    }

    [Fact]
    public void RaggedRowsAndTextAreReportedWithTheirLine()
    {
        var ragged = Write("1,2,3\n4,5\n");
        Assert.Equal($"{ragged}: line 2 has 2 values, expected 3 like line 1", Assert.Throws<DissimNetException>(() => CsvMatrix.Read(ragged)).Message);
        var text = Write("1,2\n3,x\n");
        Assert.Equal($"{text}: line 2, column 2: 'x' is not a number", Assert.Throws<DissimNetException>(() => CsvMatrix.Read(text)).Message);
    }
}
