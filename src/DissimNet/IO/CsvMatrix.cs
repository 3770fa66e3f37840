using System.Globalization;

namespace DissimNet.IO;

/// <summary>Reads and writes numeric matrices as text: comma, semicolon, tab or space separated, one row per line.</summary>
/// <remarks>Empty lines and lines starting with '#' are skipped. The first line is taken as a header row
/// (column names) only when none of its fields is a number: a row mixing numbers and text is a damaged data row,
/// and taking it as a header would silently drop a row. Any non-numeric value in a data row is an error naming
/// its line, column and text.</remarks>
internal static class CsvMatrix
{
    /// <summary>Reads a rows x columns double matrix; a header row is skipped with a note to <paramref name="progress"/>.</summary>
    public static NdArray Read(string path, IProgressSink? progress = null)
    {
        var (matrix, header) = ReadWithHeader(path);
        if (header is not null) progress?.Note($"{path}: first row taken as a header");
        return matrix;
    }

    /// <summary>Reads the matrix and the header row's column names (null when the first line is numeric).</summary>
    public static (NdArray Matrix, IReadOnlyList<string>? Header) ReadWithHeader(string path)
    {
        var bytes = FileBytes.ReadAll(path);
        var lines = new StreamReader(new MemoryStream(bytes)).ReadToEnd().Split('\n');
        IReadOnlyList<string>? header = null;
        var values = new List<double>();
        int columns = -1, rows = 0, firstDataLine = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = Split(line);
            var parsed = new double[fields.Length];
            var bad = Enumerable.Range(0, fields.Length).Where(f => !TryParse(fields[f], out parsed[f])).ToArray();
            bool first = rows == 0 && header is null;
            if (first && bad.Length == fields.Length)
            {
                header = fields.Select(f => f.Trim('"')).ToArray();
                columns = fields.Length;
                continue;
            }
            if (bad.Length > 0)
                throw new DissimNetException($"{path}: line {i + 1}, column {bad[0] + 1}: '{MessageText.Printable(fields[bad[0]])}' is not a number"
                    + (first ? " (the first row mixes numbers and text, so it is neither a header nor data)" : ""));
            if (columns < 0) columns = fields.Length;
            if (fields.Length != columns)
                throw new DissimNetException($"{path}: line {i + 1} has {fields.Length} values, expected {columns} like line {(rows == 0 ? i : firstDataLine) + 1}");
            if (rows == 0) firstDataLine = i;
            values.AddRange(parsed);
            rows++;
        }
        if (rows == 0) throw new DissimNetException($"{path}: no numeric rows found");
        return (new NdArray([rows, columns], values.ToArray()), header);
    }

    /// <summary>Writes a 1-D (one row) or 2-D array as comma-separated values with full double precision.</summary>
    public static void Write(string path, NdArray array)
    {
        if (array.Rank is < 1 or > 2) throw new ArgumentException($"a CSV file holds a 1-D or 2-D array, not {array.ShapeText}");
        int columns = array.Shape[^1];
        int rows = array.Rank == 1 ? 1 : array.Shape[0];
        OutputFile.WriteStream(path, stream => WriteRows(stream, array, rows, columns));
    }

    static void WriteRows(Stream stream, NdArray array, int rows, int columns)
    {
        using var writer = new StreamWriter(stream);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                if (c > 0) writer.Write(',');
                writer.Write(array.GetDouble(r * columns + c).ToString("R", CultureInfo.InvariantCulture));
            }
            writer.Write('\n');
        }
    }

    private static string[] Split(string line)
    {
        char[] separators = line.Contains(',') ? [','] : line.Contains(';') ? [';'] : [' ', '\t'];
        var options = separators[0] == ',' || separators[0] == ';' ? StringSplitOptions.TrimEntries : StringSplitOptions.RemoveEmptyEntries;
        return line.Split(separators, options);
    }

    private static bool TryParse(string field, out double value)
    {
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        switch (field.ToLowerInvariant())
        {
            case "nan": value = double.NaN; return true;
            case "inf" or "+inf" or "infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
            default: return false;
        }
    }
}
