using System.Runtime.InteropServices;
using TorchSharp;

namespace DissimNet.Networks.Runtime;

/// <summary>The native switches the convolution guard turns: the process environment and libtorch's oneDNN and NNPACK flags.</summary>
static class NativeSwitches
{
    /// <summary>Sets a variable in the C library's environment, which native code reads with getenv (read back through <see cref="RuntimeEnvironment"/>).</summary>
    /// <remarks>.NET's Environment.SetEnvironmentVariable keeps a managed copy on Linux that native getenv never sees.</remarks>
    public static bool SetNativeEnvironment(string name, string value)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { return setenv(name, value, 1) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false)]
    static extern int setenv(string name, string value, int overwrite);

    // at::globalContext().setUserEnabledMkldnn(bool) is what torch.backends.mkldnn.enabled sets in PyTorch;
    // TorchSharp has no binding, so it is called through its exported C++ symbol in the libtorch already loaded.
    delegate IntPtr GlobalContext();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    delegate bool GetFlag(IntPtr context);

    static (GlobalContext Context, SetFlag Set, GetFlag Get)? _mkldnn, _nnpack;
    static bool _mkldnnLooked;
    static readonly object _lookup = new();

    /// <summary>Whether libtorch may use NNPACK kernels; null where the switch cannot be reached.</summary>
    public static bool? NnpackEnabled
    {
        get
        {
            MkldnnSwitch();
            return _nnpack is { } f ? f.Get(f.Context()) : null;
        }
    }

    /// <summary>Turns libtorch's use of NNPACK on or off (what torch.backends.nnpack.set_flags does); false where the switch cannot be reached.</summary>
    public static bool TrySetNnpackEnabled(bool enabled)
    {
        MkldnnSwitch();
        if (_nnpack is not { } s) return false;
        s.Set(s.Context(), enabled);
        return s.Get(s.Context()) == enabled;
    }

    /// <summary>Whether libtorch may use oneDNN (MKL-DNN) kernels; null where the switch cannot be reached.</summary>
    public static bool? OneDnnEnabled
    {
        get
        {
            var s = MkldnnSwitch();
            return s is { } f ? f.Get(f.Context()) : null;
        }
    }

    /// <summary>Turns libtorch's use of oneDNN on or off; false where the switch cannot be reached.</summary>
    public static bool TrySetOneDnnEnabled(bool enabled)
    {
        if (MkldnnSwitch() is not { } s) return false;
        s.Set(s.Context(), enabled);
        return s.Get(s.Context()) == enabled;
    }

    static (GlobalContext Context, SetFlag Set, GetFlag Get)? MkldnnSwitch()
    {
        lock (_lookup)
        {
            if (_mkldnnLooked) return _mkldnn;
            _mkldnnLooked = true;
            _ = torch.get_num_threads(); // makes TorchSharp load libtorch first, so the handle below is that same copy
            if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libtorch_cpu.so", out var lib)) return null;
            if (!NativeLibrary.TryGetExport(lib, "_ZN2at13globalContextEv", out var context)) return null;
            var global = Marshal.GetDelegateForFunctionPointer<GlobalContext>(context);
            // One flag of at::Context: its setter and getter, exported under their mangled names.
            (GlobalContext, SetFlag, GetFlag)? Flag(string set, string get) =>
                NativeLibrary.TryGetExport(lib, set, out var s) && NativeLibrary.TryGetExport(lib, get, out var g)
                    ? (global, Marshal.GetDelegateForFunctionPointer<SetFlag>(s), Marshal.GetDelegateForFunctionPointer<GetFlag>(g)) : null;
            _mkldnn = Flag("_ZN2at7Context20setUserEnabledMkldnnEb", "_ZNK2at7Context17userEnabledMkldnnEv");
            _nnpack = Flag("_ZN2at7Context20setUserEnabledNNPACKEb", "_ZNK2at7Context17userEnabledNNPACKEv");
            return _mkldnn;
        }
    }
}
