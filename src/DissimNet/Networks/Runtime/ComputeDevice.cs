using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks.Runtime;

/// <summary>Where networks run: the CPU or a CUDA GPU, chosen by name (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>, <c>auto</c>).</summary>
/// <remarks>The choice is a runtime option, not a training setting: a run may resume on another device.
/// A network built with a device keeps its parameters and buffers there and moves images there in its
/// preprocessing, so everything computed from them (cached activations, batches, index tensors) follows.</remarks>
internal static class ComputeDevice
{
    /// <summary>The accepted names, for help texts.</summary>
    public const string Choices = "cpu, cuda, cuda:N or auto";

    /// <summary>Where networks run unless told otherwise: the CPU.</summary>
    public static Device Default => CPU;

    /// <summary>The device named by <paramref name="name"/> (null means cpu); <c>auto</c> falls back to the CPU with a note
    /// when no CUDA device is available; <c>cuda</c> without one is a <see cref="SettingException"/> on the setting Device.</summary>
    public static Device Resolve(string? name, IProgressSink? progress = null)
    {
        var text = (name ?? "cpu").Trim().ToLowerInvariant();
        switch (text)
        {
            case "cpu":
                return CPU;
            case "auto":
                if (cuda.is_available()) return new Device(DeviceType.CUDA, 0);
                progress?.Note("device auto: no CUDA device is available to this build, running on the CPU");
                return CPU;
        }
        if (text != "cuda" && !text.StartsWith("cuda:", StringComparison.Ordinal))
            throw new SettingException($"device '{name}': expected {Choices}", "Device");
        int index = 0;
        if (text.Length > 4 && !(int.TryParse(text[5..], out index) && index >= 0))
            throw new SettingException($"device '{name}': expected cuda:N with N a GPU number (0, 1, ...)", "Device");
        if (!cuda.is_available())
            throw new SettingException($"device {text}: CUDA is not available (this build carries the CPU libtorch runtime, or no GPU and driver are visible); use cpu or auto", "Device");
        if (index >= cuda.device_count())
            throw new SettingException($"device {text}: this machine has {cuda.device_count()} CUDA device(s), numbered from 0", "Device");
        return new Device(DeviceType.CUDA, index);
    }

    /// <summary>The device's name as <see cref="Resolve"/> reads it (<c>cpu</c>, <c>cuda:0</c>).</summary>
    public static string Describe(Device device) => device.type == DeviceType.CPU ? "cpu" : $"{device.type.ToString().ToLowerInvariant()}:{Math.Max(0, device.index)}";

    /// <summary>The device holding <paramref name="module"/>'s first parameter or buffer (the CPU for a module without tensors).</summary>
    public static Device Of(nn.Module module) =>
        module.parameters().Select(p => p.device).Concat(module.buffers().Select(b => b.device)).FirstOrDefault() ?? CPU;

    /// <summary>True when both name the same device (the CPU's index is not compared).</summary>
    public static bool Same(Device a, Device b) => a.type == b.type && (a.type == DeviceType.CPU || Math.Max(0, a.index) == Math.Max(0, b.index));

    /// <summary>Runs <paramref name="compute"/> on <paramref name="input"/> moved to <paramref name="device"/> (the input itself when it is already there).</summary>
    public static Tensor OnDevice(Tensor input, Device device, Func<Tensor, Tensor> compute)
    {
        if (Same(input.device, device)) return compute(input);
        using var moved = input.to(device);
        return compute(moved);
    }

    /// <summary>What <c>--version</c> reports: whether CUDA is usable here.</summary>
    public static string Availability() =>
        cuda.is_available() ? $"cpu, cuda ({cuda.device_count()} device(s)); auto picks cuda:0" : "cpu (no CUDA device available to this build; auto picks cpu)";
}
