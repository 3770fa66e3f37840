using System.Buffers.Binary;
using System.Collections;
using System.IO.Compression;
using DissimNet.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>Checks a PyTorch zip file (<c>torch.save</c> of a state dict: a pickle plus one zip member per storage) before
/// PyBridge loads it: every tensor the pickle declares must lie inside its storage member and within <see cref="ReadLimits"/>.</summary>
/// <remarks>PyBridge allocates each tensor at the shape its pickle declares and only then reads the storage, and its
/// unpickler sizes a buffer by whatever length a pickle opcode declares: a few hundred bytes could ask for gigabytes.
/// So the pickle's length fields are checked against the pickle's real size first, then the pickle is read by
/// PyBridge in its descriptor mode (<c>skipTensorRead</c>), which allocates no tensor, and each descriptor is checked.</remarks>
internal static class PyTorchFileCheck
{
    private const long MaxPickleBytes = 64L << 20; // a state dict's pickle holds names and shapes: kilobytes

    /// <summary>Throws a one-line error naming the file unless it is a zip whose pickle and tensors are consistent with its members.</summary>
    public static void Check(string path)
    {
        using var stream = File.OpenRead(path);
        long[] memberLengths;
        try
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
            {
                var pickle = zip.Entries.FirstOrDefault(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal))
                    ?? throw Error(path, "holds no data.pkl, so it is not a PyTorch file saved by torch.save (or it is damaged)");
                if (pickle.Length > MaxPickleBytes)
                    throw Error(path, $"its pickle declares {ReadLimits.Describe(pickle.Length)}; a state dict's pickle is far smaller (corrupt file?)");
                using (var pickleStream = pickle.Open())
                    CheckOpcodes(path, BoundedInflate.ReadUpTo(pickleStream, pickle.Length));
                memberLengths = zip.Entries.Select(e => e.Length).ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // a damaged deflate stream may throw ZLibException, an IOException
        {
            throw Error(path, $"not a valid PyTorch zip file, or it is truncated ({e.Message})");
        }
        stream.Position = 0;
        var table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true, skipTensorRead: true);
        var tensors = new List<(string Name, object Descriptor)>();
        Collect(table, "", tensors, 0);
        try
        {
            foreach (var (name, descriptor) in tensors) CheckTensor(path, name, descriptor, memberLengths);
        }
        finally
        {
            foreach (var (_, descriptor) in tensors) (Property(descriptor, "Data") as Stream)?.Dispose();
        }
    }

    /// <summary>Every tensor descriptor in the unpickled object, however nested (an optimizer's state holds tensors in dicts in dicts).</summary>
    private static void Collect(object? value, string name, List<(string, object)> tensors, int depth)
    {
        if (value is null || depth > 32) return;
        switch (value)
        {
            case IDictionary dict:
                foreach (DictionaryEntry entry in dict) Collect(entry.Value, name.Length == 0 ? $"{entry.Key}" : $"{name}.{entry.Key}", tensors, depth + 1);
                break;
            case IList list when value is not Array { Rank: > 1 }:
                for (int i = 0; i < list.Count; i++) Collect(list[i], $"{name}[{i}]", tensors, depth + 1);
                break;
            default:
                if (Property(value, "Shape") is long[]) tensors.Add((name, value));
                break;
        }
    }

    /// <summary>One tensor's descriptor: shape and strides non-negative, its bytes within the limit and inside its storage member.</summary>
    private static void CheckTensor(string path, string name, object descriptor, long[] memberLengths)
    {
        if (Property(descriptor, "Shape") is not long[] shape || Property(descriptor, "Stride") is not long[] stride
            || Property(descriptor, "StorageOffset") is not int offset || Property(descriptor, "ArchiveIndex") is not int member
            || Property(descriptor, "DType") is not ScalarType dtype)
            throw new InvalidOperationException("TorchSharp.PyBridge's tensor descriptor has changed; update PyTorchFileCheck");
        string shapeText = shape.Length == 0 ? "scalar" : string.Join(" x ", shape);
        if (shape.Any(d => d < 0) || stride.Any(s => s < 0) || offset < 0 || stride.Length != shape.Length || member < 0 || member >= memberLengths.Length)
            throw Error(path, $"tensor '{name}' declares an impossible layout (shape {shapeText}, strides {string.Join(", ", stride)}, offset {offset}); the file is corrupt");
        long elementSize = ElementSize(dtype);
        long count = 1, last = offset; // the storage element the tensor's last element sits at
        for (int i = 0; i < shape.Length; i++)
        {
            count = count < 0 ? -1 : ReadLimits.Bytes(count, shape[i]);
            long reach = ReadLimits.Bytes(Math.Max(shape[i] - 1, 0), stride[i]);
            last = reach < 0 || last < 0 ? -1 : last + reach;
        }
        long bytes = count < 0 ? -1 : ReadLimits.Bytes(count, elementSize);
        long extent = count == 0 ? 0 : last < 0 ? -1 : ReadLimits.Bytes(last + 1, elementSize);
        long stored = memberLengths[member];
        if (bytes < 0 || extent < 0 || bytes > stored || extent > stored)
            throw Error(path, $"tensor '{name}' of shape {shapeText} needs {ReadLimits.Describe(Math.Max(bytes, extent) < 0 ? -1 : Math.Max(bytes, extent))} " +
                $"but its storage holds {ReadLimits.Describe(stored)} (truncated or corrupt file)");
        ReadLimits.Check(bytes, $"{path}: tensor '{name}'", $"shape {shapeText}");
    }

    private static object? Property(object? descriptor, string name) => descriptor?.GetType().GetProperty(name)?.GetValue(descriptor);

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.ComplexFloat64 => 16,
        ScalarType.Float64 or ScalarType.Int64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    /// <summary>Walks the pickle's opcodes (without running them) and refuses any whose declared length runs past the pickle's end.</summary>
    /// <remarks>Each opcode's argument has a fixed form, so the walk needs no stack: it only bounds what the unpickler will read.</remarks>
    private static void CheckOpcodes(string path, byte[] pickle)
    {
        int at = 0;
        while (at < pickle.Length)
        {
            byte op = pickle[at++];
            if (op == (byte)'.') return; // STOP
            long length = op switch
            {
                (byte)'(' or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'N' or (byte)'Q' or (byte)'R' or (byte)'a' or (byte)'b'
                    or (byte)'d' or (byte)'}' or (byte)'e' or (byte)'l' or (byte)']' or (byte)'o' or (byte)'s' or (byte)'t' or (byte)')'
                    or (byte)'u' or 0x81 or 0x85 or 0x86 or 0x87 or 0x88 or 0x89 or 0x8f or 0x90 or 0x91 or 0x92 or 0x93 or 0x94
                    or 0x97 or 0x98 => 0,
                0x80 or (byte)'K' or (byte)'h' or (byte)'q' or 0x82 => 1,
                (byte)'M' or 0x83 => 2,
                (byte)'J' or (byte)'j' or (byte)'r' or 0x84 => 4,
                (byte)'G' or 0x95 => 8,
                (byte)'U' or (byte)'C' or 0x8c or 0x8a => at < pickle.Length ? 1L + pickle[at] : -1,
                (byte)'T' or (byte)'X' or (byte)'B' or 0x8b => at + 4 <= pickle.Length ? 4L + BinaryPrimitives.ReadInt32LittleEndian(pickle.AsSpan(at)) : -1,
                0x8d or 0x8e or 0x96 => at + 8 <= pickle.Length ? 8 + BinaryPrimitives.ReadInt64LittleEndian(pickle.AsSpan(at)) : -1,
                (byte)'F' or (byte)'I' or (byte)'L' or (byte)'P' or (byte)'S' or (byte)'V' or (byte)'g' or (byte)'p' => LineLength(pickle, at, 1),
                (byte)'c' or (byte)'i' => LineLength(pickle, at, 2),
                _ => throw Error(path, $"its pickle holds an unknown opcode 0x{op:X2} at byte {at - 1} (corrupt file)"),
            };
            if (length < 0 || length > pickle.Length - at)
                throw Error(path, $"its pickle is truncated or corrupt (opcode 0x{op:X2} at byte {at - 1} runs past its end)");
            at += (int)length;
        }
        throw Error(path, "its pickle is truncated (no STOP opcode)");
    }

    /// <summary>Bytes up to and including the <paramref name="lines"/>-th newline from <paramref name="at"/>, or -1 when the pickle ends first.</summary>
    private static long LineLength(byte[] pickle, int at, int lines)
    {
        int position = at;
        for (int k = 0; k < lines; k++)
        {
            int newline = Array.IndexOf(pickle, (byte)'\n', position);
            if (newline < 0) return -1;
            position = newline + 1;
        }
        return position - at;
    }

    private static DissimNetException Error(string path, string problem) => new($"{path}: {problem}");
}
