using System.Buffers.Binary;

namespace DissimNet.Networks.Export;

/// <summary>Passes a safetensors file through to <paramref name="inner"/> with its JSON header padded with spaces so that the
/// tensor data starts at a multiple of 8 bytes, as the format's reference writer does: float32 and float64 tensors are then
/// aligned in the file, which zero-copy (memory-mapping) loaders need.</summary>
/// <remarks>PyBridge writes the 8-byte header length, the header and then the data, in order and without seeking; the data
/// offsets in the header are relative to the data's start, so padding the header changes no offset.</remarks>
internal sealed class AlignedSafetensorsStream(Stream inner) : Stream
{
    readonly MemoryStream head = new();
    long headerLength = -1;
    bool passing;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (passing) { inner.Write(buffer); return; }
        head.Write(buffer);
        if (headerLength < 0 && head.Length >= 8)
            headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(head.GetBuffer().AsSpan(0, 8));
        if (headerLength < 0 || head.Length < 8 + headerLength) return;
        var bytes = head.GetBuffer().AsSpan(0, (int)head.Length);
        long padded = (8 + headerLength + 7) / 8 * 8 - 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        inner.Write(length);
        inner.Write(bytes.Slice(8, (int)headerLength));
        for (long i = headerLength; i < padded; i++) inner.WriteByte((byte)' ');
        inner.Write(bytes[(int)(8 + headerLength)..]);
        passing = true;
        head.Dispose();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
        if (!passing && head.Length > 0) throw new InvalidDataException("the safetensors writer stopped inside the header");
        inner.Flush();
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
