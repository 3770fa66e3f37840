using System.Text;
using DissimNet.IO;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the CSV reader: any text must give a matrix or one line, never another exception.</summary>
/// <remarks>Truncated text files may be valid (cut at a line end), so truncation is not required to fail here.</remarks>
[Collection("Fuzz")]
public sealed class CsvFuzzTests
{
    static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    internal static IReadOnlyList<FuzzSeed> Seeds()
    {
        var header = Text("a,b,c\n0,0.25,1e-3\n0.25,0,-inf\n1e-3,nan,0\n");
        var spaces = Text("# comment\n1 2\t3\n4 5 6\n");
        return
        [
            new("header", header, TruncationMustFail: false, Crafted:
            [
                Mutator.Replace(header, "0.25", "0.25,9"),
                Mutator.Replace(header, "0.25", "1e999"),
                Mutator.Replace(header, "0.25", "\"0.25\""),
                Mutator.Replace(header, "a,b,c", "a,b,c,a"),
                Mutator.Replace(header, "a,b,c", ""),
                Mutator.Replace(header, "\n", "\r\n"),
                Mutator.Replace(header, "0.25", new string('9', 5000)),
                Mutator.Replace(header, "0.25", "\0\0"),
                ("only a header", Text("a,b\n")),
                ("a byte-order mark", [0xEF, 0xBB, 0xBF, .. header]),
                ("UTF-16", Encoding.Unicode.GetBytes("1,2\n3,4\n")),
            ]),
            new("spaces", spaces, TruncationMustFail: false, Crafted: [Mutator.Replace(spaces, "4 5 6", "4;5;6")]),
        ];
    }

    [Fact]
    public void ReadNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("csv", ".csv", Seeds(), path => FuzzRunner.Fingerprint(CsvMatrix.Read(path)));
}
