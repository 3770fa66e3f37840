namespace DissimNet.IO;

/// <summary>Reads a decompression stream into memory, never past a size fixed beforehand, so a small file cannot inflate without bound.</summary>
internal static class BoundedInflate
{
    /// <summary>Reads exactly <paramref name="count"/> bytes, or fewer if the stream ends first (the caller checks).</summary>
    public static byte[] ReadUpTo(Stream stream, long count)
    {
        var buffer = new byte[count];
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0) return buffer[..filled];
            filled += read;
        }
        return buffer;
    }

    /// <summary>Fills <paramref name="destination"/>, or less of it if the stream ends first; returns the bytes read.</summary>
    public static int ReadInto(Stream stream, Span<byte> destination)
    {
        int filled = 0;
        while (filled < destination.Length)
        {
            int read = stream.Read(destination[filled..]);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }

    /// <summary>Whether the stream has more bytes: reads one, the "+1" that tells a stream longer than it declared.</summary>
    public static bool HasMore(Stream stream) => stream.ReadByte() >= 0;
}
