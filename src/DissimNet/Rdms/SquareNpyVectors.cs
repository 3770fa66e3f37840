using DissimNet.IO;

namespace DissimNet.Rdms;

internal sealed partial class RdmVectors
{
    /// <summary>The vectors of a float32 or float64 .npy of square RDMs (n x n, or subjects x n x n), condensed as they are read:
    /// one matrix in memory at a time, in the file's own type. Null when the file holds anything else, or when a matrix is not
    /// what <see cref="RdmArrays.ToStack"/> accepts without a word (asymmetric, infinite, a non-zero diagonal): the caller then
    /// loads the file whole, which names the problem or keeps the warning.</summary>
    /// <remarks>Every matrix is checked once when the file is opened, so that nothing fails halfway through a score.
    /// <paramref name="index"/> keeps RDM k only.</remarks>
    public static RdmVectors? OpenSquareNpy(string path, string source, int? index = null)
    {
        var stream = NpyStream.TryOpen(path);
        if (stream is null) return null;
        try
        {
            var shape = stream.Shape;
            if (shape.Length < 2 || shape[^1] != shape[^2] || shape[^1] < 3 || (long)shape[^1] * shape[^1] > Array.MaxLength) { stream.Dispose(); return null; }
            int n = shape[^1];
            // Leading axes as RdmArrays reads them: up to two kept as they are, more with their ones dropped.
            var axes = shape[..^2];
            var leading = axes.Length <= 2 ? axes : axes.Where(d => d != 1).ToArray();
            if (leading.Length > 1) { stream.Dispose(); return null; } // subjects x time: the stack path
            int count = leading.Length == 0 ? 1 : leading[0];
            int first = 0;
            if (index is { } k)
            {
                if (k < 0 || k >= count)
                    throw new DissimNetException($"{source}: RDM index {k} is out of range; it holds {count} RDM{(count == 1 ? "" : "s")} (0 to {count - 1})");
                first = k;
                count = 1;
            }
            var matrices = new SquareMatrices(stream, n, first);
            for (int m = 0; m < count; m++)
                if (!matrices.Check(m, source)) { stream.Dispose(); return null; }
            return new RdmVectors(n, count, stream.Type == ElementType.Single, source, matrices.Read, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The square matrices of a file, one held at a time, handed out as ranges of their upper triangles.</summary>
    sealed class SquareMatrices(NpyStream stream, int n, int first)
    {
        readonly long pairs = SquareForm.PairCount(n);
        float[]? singles;
        double[]? doubles;
        int loaded = -1;

        /// <summary>True when matrix <paramref name="m"/> passes <see cref="RdmArrays.CheckSquare"/> without a warning.</summary>
        public bool Check(int m, string source)
        {
            Load(m);
            var warnings = new List<string>();
            try
            {
                if (singles is not null) RdmArrays.CheckSquare<float>(singles, n, source, "", warnings);
                else RdmArrays.CheckSquare<double>(doubles!, n, source, "", warnings);
            }
            catch (DissimNetException)
            {
                return false;
            }
            return warnings.Count == 0;
        }

        /// <summary>Pairs [start, start + destination.Length) of the flat upper triangles (matrix after matrix), as doubles.</summary>
        public void Read(long start, Span<double> destination)
        {
            int done = 0;
            while (done < destination.Length)
            {
                long at = start + done;
                int m = (int)(at / pairs);
                int pair = (int)(at % pairs);
                Load(m);
                // Row i of the triangle starts at pair i n - i (i + 1) / 2 and holds n - 1 - i pairs.
                int i = 0, rowStart = 0;
                while (rowStart + (n - 1 - i) <= pair) { rowStart += n - 1 - i; i++; }
                int j = i + 1 + (pair - rowStart);
                for (; i < n - 1 && done < destination.Length; i++, j = i + 1)
                {
                    int take = Math.Min(n - j, destination.Length - done);
                    var target = destination.Slice(done, take);
                    if (singles is not null)
                        for (int c = 0; c < take; c++) target[c] = singles[i * n + j + c];
                    else doubles!.AsSpan(i * n + j, take).CopyTo(target);
                    done += take;
                    if (j + take < n) break;
                }
            }
        }

        void Load(int m)
        {
            if (m == loaded) return;
            long start = (long)(first + m) * n * n;
            if (stream.Type == ElementType.Single) stream.Read(start, singles ??= new float[n * n]);
            else stream.Read(start, doubles ??= new double[n * n]);
            loaded = m;
        }
    }
}
