using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>How trained parameters are stored in checkpoints after epoch 0.</summary>
public enum CheckpointPrecision
{
    /// <summary>As trained (float32): resuming gives exactly the numbers of an uninterrupted run.</summary>
    Float32,

    /// <summary>Half the bytes; about 3 significant digits, so a resumed run or a prediction differs from the float32 one by that rounding.</summary>
    Float16,
}

/// <summary>Writes and reads safetensors checkpoints, storing trained parameters in float16 when asked and reading them back in the module's own type.</summary>
internal static class CheckpointTensors
{
    /// <summary>Writes <paramref name="module"/>'s state except <paramref name="skip"/>; under float16, the parameters training changes are rounded to half precision.</summary>
    public static void Save(nn.Module module, string path, IList<string> skip, CheckpointPrecision precision)
    {
        if (precision == CheckpointPrecision.Float32)
        {
            module.save_safetensors(path, skip: skip);
            return;
        }
        var trained = module.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToHashSet();
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (skip.Contains(name)) continue;
            // Only trained floating-point parameters: frozen ones and buffers (batch-norm statistics) stay exact.
            state[name] = trained.Contains(name) && tensor.dtype == ScalarType.Float32 ? tensor.detach().to(ScalarType.Float16) : tensor.detach();
        }
        Safetensors.SaveStateDict(path, state);
    }

    /// <summary>Loads a safetensors file into <paramref name="module"/>, converting float16 tensors to the type of the module's own.</summary>
    public static void Load(nn.Module module, string path, bool strict = true)
    {
        using var scope = NewDisposeScope();
        var own = module.state_dict();
        var loaded = Safetensors.LoadStateDict(path);
        foreach (var name in loaded.Keys.ToList())
            if (loaded[name].dtype == ScalarType.Float16 && own.TryGetValue(name, out var target) && target.dtype != ScalarType.Float16)
                loaded[name] = loaded[name].to(target.dtype);
        module.load_state_dict(loaded, strict: strict);
    }
}
