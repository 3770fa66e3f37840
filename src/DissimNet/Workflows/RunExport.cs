using DissimNet.Networks.Export;
using DissimNet.Networks.Runtime;
using DissimNet.Training;

namespace DissimNet.Workflows;

/// <summary>The file formats a trained run's network can be written in.</summary>
internal enum ExportFormat
{
    /// <summary>ONNX: the network up to the layer, preprocessing included, for ONNX Runtime.</summary>
    Onnx,

    /// <summary>safetensors: every trained parameter and buffer, named as the network names them.</summary>
    Safetensors,
}

/// <summary>What an export wrote.</summary>
/// <param name="Path">The file written.</param>
/// <param name="Architecture">The network's architecture.</param>
/// <param name="Layer">The layer the ONNX graph ends at (for safetensors: the layer the run selected, for reference).</param>
/// <param name="Epoch">The epoch whose weights were written (0 = before training).</param>
/// <param name="InputSize">The square input side the graph expects.</param>
/// <param name="Naming">How the safetensors tensors are named (null for ONNX).</param>
internal sealed record ExportResult(string Path, string Architecture, string Layer, int Epoch, int InputSize, string? Naming);

/// <summary>Writes a trained run's network, at the epoch and layer <c>predict</c> would use, as ONNX or safetensors.</summary>
internal static class RunExport
{
    /// <summary>Exports <paramref name="runFolder"/>'s network (default: the selected best epoch and layer) to <paramref name="outPath"/>,
    /// built for <paramref name="runtime"/> (default: the CPU with the process's environment).</summary>
    public static ExportResult Write(string runFolder, string outPath, ExportFormat format, string? layer = null, int? epoch = null, RuntimeContext? runtime = null)
    {
        // The file's name says its format to whoever reads it next: it must match what is written.
        string expected = format == ExportFormat.Onnx ? ".onnx" : ".safetensors";
        if (!string.Equals(Path.GetExtension(outPath), expected, StringComparison.OrdinalIgnoreCase))
            throw new SettingException($"{outPath}: {(format == ExportFormat.Onnx ? "an ONNX" : "a safetensors")} export must end in {expected}", "Out", "Format");
        if (format == ExportFormat.Safetensors && layer is not null)
            throw new SettingException("a safetensors export holds every weight of the network; a layer applies to ONNX exports only", "Layer", "Format");
        IO.OutputFile.CheckWritable(outPath);
        if (format == ExportFormat.Onnx && TrainedRun.IsReadout(runFolder, layer))
            throw new DissimNetException($"{runFolder}: the selected layer is the read-out, which combines layers' RDMs and has no features to export; choose a layer");
        using var trained = TrainedRun.Open(runFolder, layer, epoch, runtime: runtime);
        string? naming = null;
        if (format == ExportFormat.Onnx) NetworkOnnxExport.Save(trained.Network, trained.Layer, trained.InputSize, outPath);
        else naming = NetworkSafetensorsExport.Save(trained.Network, outPath);
        return new ExportResult(outPath, trained.Network.Architecture, trained.Layer, trained.Epoch, trained.InputSize, naming);
    }
}
