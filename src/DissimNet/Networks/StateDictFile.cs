using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>Reads and writes weight files (PyTorch <c>.pth</c>, safetensors, TorchSharp's format) and applies them strictly.</summary>
/// <remarks>
/// PyTorch files are read by TorchSharp.PyBridge's unpickler (Razorvine.Pickle), which never executes code
/// from the file: it only rebuilds tensors and ordered dicts; any other global the pickle names becomes
/// inert data or an error (a test feeds it a pickle that asks for <c>os.system</c>).
/// </remarks>
internal static class StateDictFile
{
    /// <summary>File formats by extension.</summary>
    public enum Format { PyTorch, Safetensors, TorchSharp, Onnx }

    /// <summary>The format of a weights file, from its extension.</summary>
    public static Format FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".pth" or ".pt" or ".bin" or ".ckpt" => Format.PyTorch,
        ".safetensors" => Format.Safetensors,
        ".dat" or ".ts" or ".torchsharp" => Format.TorchSharp,
        ".onnx" => Format.Onnx,
        var other => throw new DissimNetException(
            $"{path}: unknown weights format '{other}' (expected .pth/.pt (PyTorch state dict), .safetensors, .dat (TorchSharp) or .onnx)"),
    };

    /// <summary>Reads a PyTorch or safetensors state dict, checked before loading (see <see cref="PyTorchFileCheck"/> and <see cref="SafetensorsHeader"/>); fails on any tensor holding NaN or infinity (see <see cref="RequireFinite"/>).</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var dict = ReadTensors(path);
        RequireFinite(dict, path);
        return dict;
    }

    static Dictionary<string, Tensor> ReadTensors(string path)
    {
        if (!File.Exists(path)) throw new DissimNetException($"{path}: weights file not found");
        IO.FileBytes.CheckRegular(path);
        // Checked before PyBridge sees the file: it allocates whatever sizes the header declares.
        if (FormatOf(path) == Format.Safetensors) SafetensorsHeader.Check(path);
        try
        {
            switch (FormatOf(path))
            {
                case Format.PyTorch:
                    PyTorchFileCheck.Check(path);
                    var table = PyTorchUnpickler.UnpickleStateDict(path);
                    var dict = new Dictionary<string, Tensor>();
                    foreach (DictionaryEntry e in table)
                        if (e.Value is Tensor t) dict[(string)e.Key] = t;
                    return dict;
                case Format.Safetensors:
                    return Safetensors.LoadStateDict(path);
                default:
                    throw new DissimNetException($"{path}: only PyTorch and safetensors files can be read as a state dict here");
            }
        }
        catch (DissimNetException) { throw; }
        catch (Exception e)
        {
            throw new DissimNetException($"{path}: not a readable {FormatOf(path)} state dict ({IO.MessageText.Printable(e.Message.Trim())})", e);
        }
    }

    /// <summary>Fails on the first floating-point tensor with a NaN or infinite value, naming it and counting them.</summary>
    /// <remarks>Such weights (a diverged run, a damaged file) give NaN features and RDMs everywhere downstream.</remarks>
    public static void RequireFinite(IEnumerable<KeyValuePair<string, Tensor>> tensors, string path)
    {
        foreach (var (key, tensor) in tensors)
        {
            if (!tensor.is_floating_point()) continue;
            using var scope = NewDisposeScope();
            var finite = isfinite(tensor);
            if (finite.all().item<bool>()) continue;
            long bad = tensor.numel() - finite.sum().item<long>();
            throw new DissimNetException($"{path}: parameter '{key}' has {bad} NaN or infinite value{(bad == 1 ? "" : "s")} (of {tensor.numel()}); weights must be finite");
        }
    }

    /// <summary>Loads a weights file into <paramref name="module"/>, failing on any missing, unexpected or mis-shaped key.</summary>
    public static void Load(nn.Module module, string path, string architecture)
    {
        if (FormatOf(path) == Format.TorchSharp)
        {
            if (!File.Exists(path)) throw new DissimNetException($"{path}: weights file not found");
            var loaded = new Dictionary<string, bool>();
            try { module.load(path, strict: false, loadedParameters: loaded); }
            catch (Exception e) { throw new DissimNetException($"{path}: not TorchSharp weights for {architecture} ({e.Message})", e); }
            var missing = module.state_dict().Keys.Where(k => !loaded.GetValueOrDefault(k) && !IsOptional(k)).ToList();
            if (missing.Count > 0)
                throw new DissimNetException($"{path}: missing key '{missing[0]}' for {architecture}" + More(missing));
            RequireFinite(module.state_dict(), path);
            return;
        }
        Apply(module, Read(path), path, architecture);
    }

    static bool IsOptional(string key) => key.EndsWith("num_batches_tracked", StringComparison.Ordinal);

    static string More(List<string> keys) => keys.Count > 1 ? $" (and {keys.Count - 1} more: {string.Join(", ", keys.Skip(1).Take(5))}{(keys.Count > 6 ? ", ..." : "")})" : "";

    /// <summary>Copies a state dict into the module's parameters and buffers after checking every key and shape.</summary>
    /// <remarks>A leading <c>module.</c> (saved from DataParallel) is ignored; BatchNorm's <c>num_batches_tracked</c> may be absent.</remarks>
    public static void Apply(nn.Module module, IReadOnlyDictionary<string, Tensor> source, string path, string architecture)
    {
        var stateDict = source.Count > 0 && source.Keys.All(k => k.StartsWith("module.", StringComparison.Ordinal))
            ? source.ToDictionary(kv => kv.Key["module.".Length..], kv => kv.Value)
            : source.ToDictionary(kv => kv.Key, kv => kv.Value);
        var target = module.state_dict();
        var missing = target.Keys.Where(k => !stateDict.ContainsKey(k) && !IsOptional(k)).ToList();
        if (missing.Count > 0)
            throw new DissimNetException($"{path}: missing key '{missing[0]}' (shape {Shape(target[missing[0]])}) for {architecture}" + More(missing));
        var unexpected = stateDict.Keys.Where(k => !target.ContainsKey(k)).ToList();
        if (unexpected.Count > 0)
            throw new DissimNetException($"{path}: unexpected key '{unexpected[0]}' (shape {Shape(stateDict[unexpected[0]])}); {architecture} has no such parameter" + More(unexpected));
        foreach (var (key, expected) in target)
        {
            if (!stateDict.TryGetValue(key, out var value)) continue;
            if (!expected.shape.SequenceEqual(value.shape))
                throw new DissimNetException($"{path}: key '{key}' has shape {Shape(value)} but {architecture} expects {Shape(expected)}");
        }
        using var noGrad = no_grad();
        foreach (var (key, value) in stateDict)
        {
            using var converted = value.to_type(target[key].dtype);
            target[key].copy_(converted);
        }
    }

    static string Shape(Tensor t) => t.dim() == 0 ? "scalar" : string.Join(" x ", t.shape);

    /// <summary>Writes the module's state dict as safetensors (PyTorch parameter names).</summary>
    public static void SaveSafetensors(nn.Module module, string path)
    {
        var dict = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.contiguous());
        IO.OutputFile.WriteStream(path, stream => Safetensors.SaveStateDict(stream, dict));
    }
}
