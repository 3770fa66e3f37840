using System.Numerics;

namespace DissimNet.IO;

/// <summary>Finds objects in an HDF5 fractal heap (where a group with many links keeps its link messages) by heap ID,
/// reading the heap's direct and indirect blocks without PureHDF.</summary>
/// <remarks>Only managed and tiny objects are read; a link heap never holds huge objects (a link message is far below
/// the heap's object size limit), and a filtered link heap is refused.</remarks>
internal sealed class Hdf5FractalHeap
{
    private const int MaxBlocks = 100_000;
    private readonly Hdf5Metadata _file;
    private readonly ulong _address;
    private readonly int _width, _offsetBytes, _lengthBytes, _maxDirectRows;
    private readonly ulong _startBlockSize;
    private readonly bool _checksummedBlocks;
    private readonly List<(ulong Offset, ulong Size, ulong Address)> _directBlocks = [];

    public Hdf5FractalHeap(Hdf5Metadata file, ulong address)
    {
        _file = file;
        _address = address;
        int o = file.SizeOfOffsets, l = file.SizeOfLengths;
        var header = file.Read(address, 22 + 12 * l + 3 * o);
        if (!header.AsSpan(0, 4).SequenceEqual("FRHP"u8)) throw file.Corrupt("a fractal heap header without its signature", address);
        var cursor = new Hdf5Metadata.Cursor(file, header) { Position = 5 };
        cursor.Skip(2); // heap ID length
        int filterBytes = cursor.UInt16();
        int flags = cursor.Byte();
        uint maxObjectSize = cursor.UInt32();
        cursor.Skip(l + o + l + o + 8 * l); // huge object bookkeeping, free space, managed space and object counts
        _width = cursor.UInt16();
        _startBlockSize = cursor.Length();
        ulong maxDirectSize = cursor.Length();
        int maxHeapBits = cursor.UInt16();
        cursor.Skip(2); // starting rows of the root indirect block
        ulong root = cursor.Offset();
        int rootRows = cursor.UInt16();
        if (filterBytes != 0) throw file.Corrupt("a filtered fractal heap of links (not supported)", address);
        if (_width is 0 or > 65536 || !IsPowerOfTwo(_startBlockSize) || !IsPowerOfTwo(maxDirectSize) || maxDirectSize < _startBlockSize
            || maxHeapBits is 0 or > 64)
            throw file.Corrupt("a fractal heap with impossible block sizes", address);
        _checksummedBlocks = (flags & 0x02) != 0;
        _offsetBytes = (maxHeapBits + 7) / 8;
        _lengthBytes = Math.Min(BitsToBytes(Log2(maxDirectSize)), Log2(Math.Max(maxObjectSize, 1)) / 8 + 1);
        _maxDirectRows = Log2(maxDirectSize) - Log2(_startBlockSize) + 2;
        if (file.IsUndefined(root)) return;
        if (rootRows == 0) _directBlocks.Add((0, _startBlockSize, root));
        else CollectBlocks(root, rootRows);
    }

    /// <summary>The bytes of the object a heap ID names.</summary>
    public byte[] Object(ReadOnlySpan<byte> heapId)
    {
        if (heapId.Length < 1) throw _file.Corrupt("an empty fractal heap ID", _address);
        int type = heapId[0] >> 4 & 3;
        if (type == 2) // tiny: the object is in the ID itself
        {
            int length = (heapId[0] & 0x0F) + 1;
            if (1 + length > heapId.Length) throw _file.Corrupt("a tiny fractal heap object longer than its ID", _address);
            return heapId.Slice(1, length).ToArray();
        }
        if (type != 0) throw _file.Corrupt("a link stored as a huge fractal heap object (not supported)", _address);
        if (1 + _offsetBytes + _lengthBytes > heapId.Length) throw _file.Corrupt("a fractal heap ID shorter than its fields", _address);
        ulong offset = Hdf5Metadata.Unsigned(heapId.Slice(1, _offsetBytes));
        ulong size = Hdf5Metadata.Unsigned(heapId.Slice(1 + _offsetBytes, _lengthBytes));
        foreach (var block in _directBlocks)
        {
            if (offset < block.Offset || offset - block.Offset >= block.Size) continue;
            ulong within = offset - block.Offset;
            if (size > block.Size - within) break;
            return _file.Read(block.Address + within, (int)size);
        }
        throw _file.Corrupt($"a fractal heap object (offset {offset}, {size} bytes) outside the heap's blocks", _address);
    }

    /// <summary>Records every direct block under the indirect block at <paramref name="address"/> with its heap offset.</summary>
    private void CollectBlocks(ulong address, int rows)
    {
        var pending = new Stack<(ulong Address, int Rows)>([(address, rows)]);
        var seen = new HashSet<ulong>();
        while (pending.TryPop(out var indirect))
        {
            if (!seen.Add(indirect.Address) || seen.Count + _directBlocks.Count > MaxBlocks || indirect.Rows > 64)
                throw _file.Corrupt("a fractal heap whose blocks repeat or are too many", indirect.Address);
            int directRows = Math.Min(indirect.Rows, _maxDirectRows);
            int entries = indirect.Rows * _width;
            var bytes = _file.Read(indirect.Address, 5 + _file.SizeOfOffsets + _offsetBytes + entries * _file.SizeOfOffsets);
            if (!bytes.AsSpan(0, 4).SequenceEqual("FHIB"u8)) throw _file.Corrupt("a fractal heap indirect block without its signature", indirect.Address);
            var cursor = new Hdf5Metadata.Cursor(_file, bytes) { Position = 5 + _file.SizeOfOffsets };
            ulong blockOffset = cursor.Unsigned(_offsetBytes);
            ulong rowStart = blockOffset;
            for (int row = 0; row < indirect.Rows; row++)
            {
                ulong size = RowBlockSize(row);
                for (int column = 0; column < _width; column++, rowStart += size)
                {
                    ulong child = cursor.Offset();
                    if (_file.IsUndefined(child)) continue;
                    if (row < directRows) _directBlocks.Add((rowStart, size, child));
                    else pending.Push((child, Log2(size) - Log2(_startBlockSize * (ulong)_width) + 1));
                }
            }
        }
    }

    private ulong RowBlockSize(int row) => row < 2 ? _startBlockSize : _startBlockSize << Math.Min(row - 1, 63 - Log2(_startBlockSize));

    private static bool IsPowerOfTwo(ulong value) => value != 0 && BitOperations.IsPow2(value);
    private static int Log2(ulong value) => BitOperations.Log2(value);
    private static int BitsToBytes(int bits) => (bits + 7) / 8;
}
