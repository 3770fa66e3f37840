using System.CommandLine;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;

namespace DissimNet.Cli.Commands;

/// <summary>Options shared by the commands that run a network.</summary>
internal static class NetworkOptions
{
    /// <summary><c>--model NAME</c>.</summary>
    public static Option<string> Model() => new("--model")
    {
        Description = $"Network: {string.Join(", ", NetworkZoo.Architectures)} (resnet18-imagenet is embedded and ImageNet-trained)",
        DefaultValueFactory = _ => EmbeddedResNet18.Name,
    };

    /// <summary><c>--weights FILE</c>.</summary>
    public static Option<string?> Weights() => new("--weights")
    {
        Description = "Weights: PyTorch state dict (.pth), .safetensors, TorchSharp (.dat), or an .onnx network for --model onnx",
    };

    /// <summary><c>--device cpu|cuda[:N]|auto</c>: where the network runs (not a training setting: a run may resume elsewhere).</summary>
    public static Option<string> Device() => new("--device")
    {
        Description = $"Where the network runs: {ComputeDevice.Choices} (auto: CUDA when available, else the CPU with a note)",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>This command's context on the device <c>--device</c> names (auto's fallback noted through <paramref name="progress"/>),
    /// shown on <paramref name="console"/> under --verbose.</summary>
    public static RuntimeContext OnDevice(CliConsole console, RuntimeContext runtime, ParseResult parse, Option<string> option, IProgressSink progress)
    {
        runtime = runtime.OnDevice(parse.GetValue(option), progress);
        console.Detail($"device: {ComputeDevice.Describe(runtime.Device)}");
        return runtime;
    }

    /// <summary><c>--size N</c>.</summary>
    public static Option<int> Size() => new("--size")
    {
        Description = "Square input side in pixels (images are resized so their shorter side fits, then centre-cropped)",
        DefaultValueFactory = _ => 224,
    };

    /// <summary><c>--threads N</c>: CPU threads for the network (default: every core).</summary>
    public static Option<int?> Threads() => new("--threads")
    {
        Description = $"CPU threads the network runs on (default: OMP_NUM_THREADS when set, else every core, {Environment.ProcessorCount} here)",
    };

    /// <summary>The runtime context of one command: this process's environment read now and <c>--threads</c> when the command has
    /// it (then applied, a capped OMP_NUM_THREADS noted on <paramref name="console"/>: call before the network runs), on the CPU
    /// until <see cref="OnDevice"/>.</summary>
    public static RuntimeContext Runtime(CliConsole console, ParseResult parse, Option<int?>? threads = null)
    {
        var runtime = RuntimeContext.FromEnvironment(RuntimeEnvironment.Read(), threads is null ? null : parse.GetValue(threads));
        if (threads is null) return runtime;
        if (runtime.ThreadsNote() is { } note) console.Note(note);
        runtime.UseThreads();
        return runtime;
    }
}
