using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Checks an optimizer state written by TorchSharp's <c>save_state_dict</c> against the optimizer about to load it,
/// before TorchSharp reads it.</summary>
/// <remarks>TorchSharp's reader trusts the file: a state tensor the fresh optimizer does not hold yet (SGD's momentum buffers,
/// Adam's amsgrad maxima) is created with whatever element type and shape the file declares, and a damaged file can thereby
/// crash the process in native code. Here every record is walked as TorchSharp 0.107 lays it out (optimizer name; group and
/// state counts; each group's hyperparameters; per parameter its tensors as LEB128 type, rank and sizes, then raw data), each
/// tensor must have its parameter's element type and shape, and the file must end where the last record does.</remarks>
static class OptimizerStateFile
{
    /// <summary>Throws <see cref="InvalidDataException"/> naming the first record that does not fit <paramref name="optimizer"/>.</summary>
    public static void Check(string path, optim.Optimizer optimizer)
    {
        var (groupBytes, statesOf) = optimizer switch
        {
            SGD => (OptionBytes(3, 2), (Action<BinaryReader, Parameter>)SgdState),
            Adam or AdamW => (OptionBytes(4, 2), AdamState),
            _ => throw new ArgumentException($"no layout known for {optimizer.GetType().Name}"),
        };
        var parameters = optimizer.parameters().ToArray();
        using var reader = new BinaryReader(File.OpenRead(path));
        try
        {
            string name = ReadName(reader);
            if (name != optimizer.GetType().Name)
                throw new InvalidDataException($"the state is of optimizer '{Printable(name)}', expected {optimizer.GetType().Name}");
            long groups = Decode(reader), states = Decode(reader);
            int expectedGroups = optimizer.ParamGroups.Count();
            if (groups != expectedGroups || states != parameters.Length)
                throw new InvalidDataException($"the state has {groups} parameter groups and {states} parameters, expected {expectedGroups} and {parameters.Length}");
            Skip(reader, groups * groupBytes);
            foreach (var parameter in parameters) statesOf(reader, parameter);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new InvalidDataException($"{reader.BaseStream.Length - reader.BaseStream.Position} bytes follow the last record");
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the file ends inside a record");
        }
    }

    /// <summary>The optimizer's name: a length-prefixed string, which random bytes usually are not.</summary>
    static string ReadName(BinaryReader reader)
    {
        try { return reader.ReadString(); }
        catch (Exception e) when (e is FormatException or System.Text.DecoderFallbackException)
        {
            throw new InvalidDataException("the file does not start with an optimizer's name");
        }
    }

    /// <summary>Bytes of one group's hyperparameters: the initial and current learning rate, then the optimizer's own doubles and flags.</summary>
    static long OptionBytes(int doubles, int flags) => 2 * sizeof(double) + doubles * sizeof(double) + flags;

    static void SgdState(BinaryReader reader, Parameter parameter)
    {
        if (reader.ReadBoolean()) TensorRecord(reader, parameter); // momentum buffer
    }

    static void AdamState(BinaryReader reader, Parameter parameter)
    {
        Skip(reader, sizeof(long)); // step
        TensorRecord(reader, parameter); // first moment
        TensorRecord(reader, parameter); // second moment
        if (reader.ReadBoolean()) TensorRecord(reader, parameter); // amsgrad maximum
    }

    /// <summary>One saved tensor, which must have the parameter's element type and shape.</summary>
    static void TensorRecord(BinaryReader reader, Parameter parameter)
    {
        long type = Decode(reader), rank = Decode(reader);
        if (type != (long)parameter.dtype)
            throw new InvalidDataException($"a state tensor has element type code {type}, expected {(long)parameter.dtype} ({parameter.dtype})");
        var shape = parameter.shape;
        if (rank != shape.Length)
            throw new InvalidDataException($"a state tensor has {rank} dimensions, expected {shape.Length}");
        for (int d = 0; d < shape.Length; d++)
            if (Decode(reader) is var size && size != shape[d])
                throw new InvalidDataException($"a state tensor has size {size} in dimension {d}, expected {shape[d]}");
        Skip(reader, parameter.NumberOfElements * parameter.ElementSize);
    }

    static void Skip(BinaryReader reader, long bytes)
    {
        var stream = reader.BaseStream;
        if (bytes > stream.Length - stream.Position)
            throw new InvalidDataException($"the file ends {bytes - (stream.Length - stream.Position)} bytes before the end of the record being read");
        stream.Seek(bytes, SeekOrigin.Current);
    }

    /// <summary>TorchSharp's LEB128 number, refused past 63 bits.</summary>
    static long Decode(BinaryReader reader)
    {
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7)
        {
            byte b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("a number in the state runs past 63 bits");
    }

    static string Printable(string text) => text.Length > 40 || text.Any(char.IsControl) ? "(unreadable)" : text;
}
