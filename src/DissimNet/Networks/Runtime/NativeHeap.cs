using System.Runtime.InteropServices;

namespace DissimNet.Networks.Runtime;

/// <summary>Keeps the C heap of a long training run from growing with freed memory it cannot reuse.</summary>
/// <remarks>Without these two calls a run of the default step on the 92 images grew by about 20 MB an epoch (1.55 GB after
/// 40 epochs, 2.1 GB after 100) while the memory in use stayed at 320 MB: the rest was freed blocks the heap could not
/// hand out again. One cause was TorchSharp 0.107, which leaves every <c>Scalar</c> it makes (each number passed to an
/// operator, e.g. the learning rate in SGD's update) and some pinned shape arrays to the finalizer; training allocates so
/// little managed memory that these were collected only every few epochs, and their few bytes of native memory each,
/// outliving the tensors allocated around them, split the freed space. With both calls the same run stayed at 590 MB for
/// 40 epochs. The library now creates and disposes its own Scalars (<see cref="ScalarArithmetic"/>, and the optimizers'
/// steps), but TorchSharp still leaves other objects to the finalizer (the shape arrays above, and every tensor made where
/// no dispose scope covers it), so the per-step collection stays.</remarks>
internal static class NativeHeap
{
    /// <summary>Collects the youngest managed generation, so unreachable TorchSharp objects that no dispose scope covers are
    /// finalized now; well under a millisecond, as it holds a few hundred small objects after a training step.</summary>
    public static void CollectFinalizable() => GC.Collect(0, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>Returns whole free pages of the C heap to the system (glibc's malloc_trim, about 10 ms); does nothing elsewhere.</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { malloc_trim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { } // another C library (e.g. musl)
    }

    [DllImport("libc.so.6")]
    static extern int malloc_trim(nuint pad);
}
