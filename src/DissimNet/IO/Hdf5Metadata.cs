using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DissimNet.IO;

/// <summary>The kinds of HDF5 link: hard (to an object in this file), soft (a path in this file), external (a path in
/// another file), or a user-defined kind.</summary>
internal enum Hdf5LinkKind { Hard, Soft, External, UserDefined }

/// <summary>One link of a group, read without following it.</summary>
/// <param name="Name">The link's name in its group.</param>
/// <param name="Kind">What the link is.</param>
/// <param name="Address">The object header's address (hard links only).</param>
/// <param name="Target">The path a soft link names, or "FILE:PATH" for an external link.</param>
internal sealed record Hdf5Link(string Name, Hdf5LinkKind Kind, ulong Address, string Target);

/// <summary>What the link check needs of one object: its links (when a group) and where a dataset's values live.</summary>
/// <param name="Links">The group's links; empty for a dataset.</param>
/// <param name="IsGroup">Whether the object holds a link table (a symbol table, link info or link messages).</param>
/// <param name="IsVirtual">A dataset whose values are mapped from other datasets (layout class 3).</param>
/// <param name="HasExternalStorage">A dataset whose raw values are in external files (an External Data Files message).</param>
internal sealed record Hdf5ObjectInfo(IReadOnlyList<Hdf5Link> Links, bool IsGroup, bool IsVirtual, bool HasExternalStorage);

/// <summary>Reads the parts of an HDF5 file that hold its links (superblock, object headers, symbol tables, local
/// heaps, dense link storage) straight from the bytes, following no link, so the link check sees what PureHDF would
/// follow before PureHDF follows it.</summary>
/// <remarks>Written from the HDF5 file format specification (version 3). Every read is bounded by the file's length and
/// every structure that can point back at itself (B-tree nodes, header continuations, heap blocks) is bounded by a
/// visited set or a count, so a crafted file ends in a <see cref="DissimNetException"/>, never a loop.</remarks>
internal sealed class Hdf5Metadata : IDisposable
{
    private const int MaxHeaderChunks = 1_000;
    private const int MaxTreeNodes = 1_000_000;
    private const int MaxBTreeDepth = 32;
    private readonly SafeFileHandle _handle;
    private readonly long _length;
    private readonly string _where;
    private int _sizeOfOffsets, _sizeOfLengths;
    private ulong _base;
    private int _treeNodesRead;

    private Hdf5Metadata(SafeFileHandle handle, string where)
    {
        _handle = handle;
        _length = RandomAccess.GetLength(handle);
        _where = where;
    }

    /// <summary>The root group's object header address.</summary>
    public ulong RootAddress { get; private set; }

    /// <summary>The root group's cached symbol table (B-tree, local heap) from the superblock, when the superblock has one.</summary>
    public (ulong BTree, ulong Heap)? RootCache { get; private set; }

    /// <summary>Opens <paramref name="path"/> and reads its superblock.</summary>
    public static Hdf5Metadata Open(string path, string where)
    {
        var metadata = new Hdf5Metadata(File.OpenHandle(path), where);
        try
        {
            metadata.ReadSuperblock();
            return metadata;
        }
        catch
        {
            metadata.Dispose();
            throw;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>The links and storage of the object whose header is at <paramref name="address"/>; a cached symbol
    /// table (from a symbol table entry) adds the links PureHDF reads from it.</summary>
    public Hdf5ObjectInfo Object(ulong address, (ulong BTree, ulong Heap)? cachedTable)
    {
        var links = new List<Hdf5Link>();
        bool isGroup = false, isVirtual = false, external = false;
        foreach (var (type, data) in HeaderMessages(address))
        {
            switch (type)
            {
                case 0x0002: isGroup = true; DenseLinks(data, links); break;
                case 0x0006: isGroup = true; links.Add(LinkMessage(data)); break;
                case 0x0007: external = true; break;
                case 0x0008: isVirtual = LayoutClass(data) == 3; break;
                case 0x0011:
                    isGroup = true;
                    var table = new Cursor(this, data);
                    SymbolTableLinks(table.Offset(), table.Offset(), links);
                    break;
            }
        }
        if (cachedTable is { } cache)
        {
            isGroup = true;
            SymbolTableLinks(cache.BTree, cache.Heap, links);
        }
        return new Hdf5ObjectInfo(links.Distinct().ToList(), isGroup, isVirtual, external);
    }

    /// <summary>A one-line error naming the file: the structure at <paramref name="address"/> is not what the format says.</summary>
    public DissimNetException Corrupt(string what, ulong address) =>
        new($"{_where}: not a readable HDF5 file: {what} at byte {address} (truncated or corrupt file)");

    private void ReadSuperblock()
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];
        for (long at = 0; at + 8 <= _length; at = at == 0 ? 512 : at * 2)
        {
            if (!ReadAbsolute(at, 8).AsSpan().SequenceEqual(signature)) continue;
            var head = ReadAbsolute(at, (int)Math.Min(_length - at, 128));
            if (head.Length < 16) break;
            int version = head[8];
            var cursor = new Cursor(this, head);
            if (version is 0 or 1)
            {
                (_sizeOfOffsets, _sizeOfLengths) = (head[13], head[14]);
                cursor.Position = version == 0 ? 24 : 28;
                CheckSizes((ulong)at);
                _base = cursor.Offset();
                cursor.Skip(3 * _sizeOfOffsets); // free space, end of file, driver information
                cursor.Skip(_sizeOfOffsets); // the root entry's link name offset
                RootAddress = cursor.Offset();
                if (cursor.UInt32() == 1)
                {
                    cursor.Skip(4);
                    RootCache = (cursor.Offset(), cursor.Offset());
                }
            }
            else if (version is 2 or 3)
            {
                (_sizeOfOffsets, _sizeOfLengths) = (head[9], head[10]);
                cursor.Position = 12;
                CheckSizes((ulong)at);
                _base = cursor.Offset();
                cursor.Skip(2 * _sizeOfOffsets); // superblock extension, end of file
                RootAddress = cursor.Offset();
            }
            else throw Corrupt($"superblock version {version}", (ulong)at);
            return;
        }
        throw new DissimNetException($"{_where}: not a readable HDF5 file: no HDF5 signature at byte 0, 512, 1024, ...");
    }

    private void CheckSizes(ulong at)
    {
        if (_sizeOfOffsets is not (2 or 4 or 8) || _sizeOfLengths is not (2 or 4 or 8))
            throw Corrupt($"address sizes {_sizeOfOffsets} and {_sizeOfLengths} in the superblock", at);
    }

    /// <summary>Every message of an object header, continuation blocks included, as (type, data).</summary>
    private List<(int Type, byte[] Data)> HeaderMessages(ulong address)
    {
        var messages = new List<(int, byte[])>();
        var prefix = Read(address, 6);
        bool version2 = prefix.AsSpan(0, 4).SequenceEqual("OHDR"u8);
        if (!version2 && prefix[0] != 1) throw Corrupt("an object header of unknown version", address);
        var chunks = new Queue<(ulong Start, ulong Length)>();
        int messageHeader = 8;
        if (version2)
        {
            int flags = prefix[5];
            int at = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            int sizeBytes = 1 << (flags & 3);
            var sizeField = Read(address + (ulong)at, sizeBytes);
            chunks.Enqueue((address + (ulong)(at + sizeBytes), Unsigned(sizeField)));
            messageHeader = 4 + ((flags & 0x04) != 0 ? 2 : 0);
        }
        else
        {
            chunks.Enqueue((address + 16, BinaryPrimitives.ReadUInt32LittleEndian(Read(address + 8, 4))));
        }
        var seen = new HashSet<ulong>();
        while (chunks.TryDequeue(out var chunk))
        {
            if (!seen.Add(chunk.Start) || seen.Count > MaxHeaderChunks)
                throw Corrupt("an object header whose continuation blocks repeat", address);
            var bytes = Read(chunk.Start, checked((int)Math.Min(chunk.Length, int.MaxValue)));
            for (int at = 0; at + messageHeader <= bytes.Length;)
            {
                int type = version2 ? bytes[at] : BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
                int size = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + (version2 ? 1 : 2)));
                at += messageHeader;
                if (at + size > bytes.Length) throw Corrupt("a header message longer than its header", chunk.Start);
                var data = bytes.AsSpan(at, size).ToArray();
                at += size;
                if (type == 0x0010)
                {
                    var continuation = new Cursor(this, data);
                    ulong start = continuation.Offset(), length = continuation.Length();
                    // A version 2 continuation block starts with "OCHK" and ends with a checksum.
                    chunks.Enqueue(version2 ? (start + 4, length < 8 ? 0 : length - 8) : (start, length));
                }
                else messages.Add((type, data));
            }
        }
        return messages;
    }

    private Hdf5Link LinkMessage(byte[] data)
    {
        var cursor = new Cursor(this, data);
        if (cursor.Byte() != 1) throw new DissimNetException($"{_where}: not a readable HDF5 file: a link message of unknown version (corrupt file)");
        int flags = cursor.Byte();
        int kind = (flags & 0x08) != 0 ? cursor.Byte() : 0;
        if ((flags & 0x04) != 0) cursor.Skip(8);
        if ((flags & 0x10) != 0) cursor.Skip(1);
        string name = cursor.Text((int)Math.Min(cursor.Unsigned(1 << (flags & 3)), int.MaxValue));
        switch (kind)
        {
            case 0:
                return new Hdf5Link(name, Hdf5LinkKind.Hard, cursor.Offset(), "");
            case 1:
                return new Hdf5Link(name, Hdf5LinkKind.Soft, 0, cursor.Text(cursor.UInt16()));
            case 64:
                var value = new Cursor(this, cursor.Bytes(cursor.UInt16()));
                value.Skip(1); // version and flags
                string file = value.NullTerminated();
                return new Hdf5Link(name, Hdf5LinkKind.External, 0, $"{file}:{value.NullTerminated()}");
            default:
                return new Hdf5Link(name, Hdf5LinkKind.UserDefined, 0, $"link type {kind}");
        }
    }

    private static int LayoutClass(byte[] data) =>
        data.Length < 3 ? -1 : data[0] <= 2 ? data[2] : data[1];

    /// <summary>The links of an old-style group: a version 1 B-tree of symbol table nodes, names in a local heap.</summary>
    private void SymbolTableLinks(ulong treeAddress, ulong heapAddress, List<Hdf5Link> links)
    {
        var heap = Read(heapAddress, 8 + 2 * _sizeOfLengths + _sizeOfOffsets);
        if (!heap.AsSpan(0, 4).SequenceEqual("HEAP"u8)) throw Corrupt("a local heap without its signature", heapAddress);
        var heapCursor = new Cursor(this, heap) { Position = 8 };
        ulong heapSize = heapCursor.Length();
        heapCursor.Skip(_sizeOfLengths);
        var names = Read(heapCursor.Offset(), checked((int)Math.Min(heapSize, (ulong)ReadLimits.MaxArrayBytes)));
        var nodes = new Stack<ulong>([treeAddress]);
        var seen = new HashSet<ulong>();
        while (nodes.TryPop(out ulong node))
        {
            CountTreeNode(seen, node);
            var head = Read(node, 8);
            if (head.AsSpan(0, 4).SequenceEqual("SNOD"u8))
            {
                SymbolTableNode(node, BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(6)), names, links);
                continue;
            }
            if (!head.AsSpan(0, 4).SequenceEqual("TREE"u8) || head[4] != 0) throw Corrupt("a group B-tree node without its signature", node);
            int entries = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(6));
            var cursor = new Cursor(this, Read(node + 8, 2 * _sizeOfOffsets + entries * (_sizeOfLengths + _sizeOfOffsets)));
            cursor.Skip(2 * _sizeOfOffsets); // siblings
            for (int i = 0; i < entries; i++)
            {
                cursor.Skip(_sizeOfLengths); // key
                nodes.Push(cursor.Offset());
            }
        }
    }

    private void SymbolTableNode(ulong node, int count, byte[] names, List<Hdf5Link> links)
    {
        int entrySize = 2 * _sizeOfOffsets + 24;
        var cursor = new Cursor(this, Read(node + 8, count * entrySize));
        for (int i = 0; i < count; i++)
        {
            string name = HeapText(names, cursor.Offset(), node);
            ulong header = cursor.Offset();
            uint cacheType = cursor.UInt32();
            cursor.Skip(4);
            var scratch = new Cursor(this, cursor.Bytes(16));
            if (cacheType == 2)
                links.Add(new Hdf5Link(name, Hdf5LinkKind.Soft, 0, HeapText(names, scratch.UInt32(), node)));
            else
                links.Add(new Hdf5Link(name, Hdf5LinkKind.Hard, header, ""));
        }
    }

    private string HeapText(byte[] heap, ulong offset, ulong where)
    {
        if (offset >= (ulong)heap.Length) throw Corrupt("a name outside its local heap", where);
        int end = Array.IndexOf(heap, (byte)0, (int)offset);
        if (end < 0) throw Corrupt("a name without its terminating null", where);
        return Encoding.UTF8.GetString(heap, (int)offset, end - (int)offset);
    }

    /// <summary>The links of a new-style group stored densely: link messages in a fractal heap, found through the
    /// heap IDs of a version 2 B-tree (the name index). Compact groups (no heap) hold link messages in their header.</summary>
    private void DenseLinks(byte[] linkInfo, List<Hdf5Link> links)
    {
        var cursor = new Cursor(this, linkInfo);
        cursor.Skip(1);
        int flags = cursor.Byte();
        if ((flags & 1) != 0) cursor.Skip(8);
        ulong heapAddress = cursor.Offset(), indexAddress = cursor.Offset();
        if (IsUndefined(heapAddress)) return;
        var heap = new Hdf5FractalHeap(this, heapAddress);
        foreach (var record in BTree2Records(indexAddress))
            links.Add(LinkMessage(heap.Object(record.AsSpan(4)))); // a name-index record: name hash, then heap ID
    }

    private IEnumerable<byte[]> BTree2Records(ulong headerAddress)
    {
        var header = Read(headerAddress, 16 + _sizeOfOffsets + _sizeOfLengths);
        if (!header.AsSpan(0, 4).SequenceEqual("BTHD"u8)) throw Corrupt("a version 2 B-tree header without its signature", headerAddress);
        var cursor = new Cursor(this, header) { Position = 6 };
        uint nodeSize = cursor.UInt32();
        int recordSize = cursor.UInt16(), depth = cursor.UInt16();
        cursor.Skip(2);
        ulong root = cursor.Offset();
        int rootRecords = cursor.UInt16();
        if (recordSize < 5 || depth > MaxBTreeDepth || nodeSize < 16)
            throw Corrupt("a version 2 B-tree with impossible sizes", headerAddress);
        if (IsUndefined(root) || rootRecords == 0) return [];
        var pointerSizes = BTree2PointerSizes(nodeSize, recordSize, depth);
        var records = new List<byte[]>();
        var nodes = new Stack<(ulong Address, int Records, int Depth)>([(root, rootRecords, depth)]);
        var seen = new HashSet<ulong>();
        while (nodes.TryPop(out var node))
        {
            CountTreeNode(seen, node.Address);
            var (count, total) = node.Depth == 0 ? (0, 0) : pointerSizes[node.Depth];
            int pointer = _sizeOfOffsets + count + total;
            var bytes = Read(node.Address, 6 + node.Records * recordSize + (node.Depth == 0 ? 0 : (node.Records + 1) * pointer));
            var signature = node.Depth == 0 ? "BTLF"u8 : "BTIN"u8;
            if (!bytes.AsSpan(0, 4).SequenceEqual(signature)) throw Corrupt("a version 2 B-tree node without its signature", node.Address);
            for (int i = 0; i < node.Records; i++) records.Add(bytes.AsSpan(6 + i * recordSize, recordSize).ToArray());
            if (node.Depth == 0) continue;
            var children = new Cursor(this, bytes) { Position = 6 + node.Records * recordSize };
            for (int i = 0; i <= node.Records; i++)
            {
                ulong child = children.Offset();
                int childRecords = (int)Math.Min(children.Unsigned(count), int.MaxValue);
                children.Skip(total);
                nodes.Push((child, childRecords, node.Depth - 1));
            }
        }
        return records;
    }

    /// <summary>For each depth of a version 2 B-tree, the byte sizes of a child pointer's record count and total record
    /// count, as libhdf5 derives them from the node and record sizes (H5B2__hdr_init).</summary>
    private (int Count, int Total)[] BTree2PointerSizes(uint nodeSize, int recordSize, int depth)
    {
        const int prefix = 10; // signature, version, type, checksum
        var sizes = new (int, int)[depth + 1];
        ulong leafRecords = (nodeSize - prefix) / (ulong)recordSize;
        int countSize = EncodedSize(leafRecords);
        ulong cumulative = leafRecords;
        int cumulativeSize = 0;
        for (int d = 1; d <= depth; d++)
        {
            int total = d > 1 ? cumulativeSize : 0;
            sizes[d] = (countSize, total);
            long room = nodeSize - prefix - (_sizeOfOffsets + countSize + total);
            ulong records = room <= 0 ? 0 : (ulong)room / (ulong)(recordSize + _sizeOfOffsets + countSize + total);
            cumulative = SaturatingAdd(SaturatingMultiply(records + 1, cumulative), records);
            cumulativeSize = EncodedSize(cumulative);
        }
        return sizes;
    }

    private static int EncodedSize(ulong value) => value == 0 ? 1 : (63 - System.Numerics.BitOperations.LeadingZeroCount(value)) / 8 + 1;
    private static ulong SaturatingMultiply(ulong a, ulong b) => b != 0 && a > ulong.MaxValue / b ? ulong.MaxValue : a * b;
    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;

    private void CountTreeNode(HashSet<ulong> seen, ulong address)
    {
        if (!seen.Add(address)) throw Corrupt("a B-tree whose nodes repeat", address);
        if (++_treeNodesRead > MaxTreeNodes) throw Corrupt($"more than {MaxTreeNodes} B-tree nodes", address);
    }

    /// <summary>Whether an address is HDF5's "undefined address" (all bits set).</summary>
    public bool IsUndefined(ulong address) => _sizeOfOffsets == 8 ? address == ulong.MaxValue : address == (1UL << (8 * _sizeOfOffsets)) - 1;

    /// <summary>The size of addresses in this file, in bytes.</summary>
    public int SizeOfOffsets => _sizeOfOffsets;

    /// <summary>The size of lengths in this file, in bytes.</summary>
    public int SizeOfLengths => _sizeOfLengths;

    /// <summary><paramref name="count"/> bytes at a file address (relative to the base address), or a one-line error when they are not all in the file.</summary>
    public byte[] Read(ulong address, int count)
    {
        ulong absolute = _base + address;
        if (absolute < _base || count < 0 || absolute > (ulong)_length || (ulong)count > (ulong)_length - absolute)
            throw Corrupt($"{count} bytes past the end of the file ({_length} bytes)", address);
        return ReadAbsolute((long)absolute, count);
    }

    private byte[] ReadAbsolute(long at, int count)
    {
        var bytes = new byte[count];
        int read = RandomAccess.Read(_handle, bytes, at);
        if (read < count) Array.Resize(ref bytes, read);
        return bytes;
    }

    /// <summary>A little-endian unsigned number of 1 to 8 bytes.</summary>
    public static ulong Unsigned(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (int i = bytes.Length - 1; i >= 0; i--) value = value << 8 | bytes[i];
        return value;
    }

    /// <summary>Reads fields in order from one structure's bytes; running past its end is a corrupt file.</summary>
    internal sealed class Cursor(Hdf5Metadata file, byte[] bytes)
    {
        public int Position { get; set; }

        public void Skip(int count) => Take(count);
        public int Byte() => Take(1)[0];
        public int UInt16() => (int)Hdf5Metadata.Unsigned(Take(2));
        public uint UInt32() => (uint)Hdf5Metadata.Unsigned(Take(4));
        public ulong Unsigned(int size) => Hdf5Metadata.Unsigned(Take(size));
        public ulong Offset() => Unsigned(file._sizeOfOffsets);
        public ulong Length() => Unsigned(file._sizeOfLengths);
        public byte[] Bytes(int count) => Take(count).ToArray();
        public string Text(int count) => Encoding.UTF8.GetString(Take(count));

        public string NullTerminated()
        {
            int end = Array.IndexOf(bytes, (byte)0, Position);
            string text = Text((end < 0 ? bytes.Length : end) - Position);
            if (end >= 0) Position++;
            return text;
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > bytes.Length - Position)
                throw new DissimNetException($"{file._where}: not a readable HDF5 file: a structure shorter than its fields (truncated or corrupt file)");
            var span = bytes.AsSpan(Position, count);
            Position += count;
            return span;
        }
    }
}
