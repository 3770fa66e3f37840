using System.Runtime.CompilerServices;
using DissimNet.Networks.Runtime;

namespace DissimNet.Tests;

/// <summary>Plans the convolution path before any test can start oneDNN: tests call torch directly (convolutions included)
/// before building a network, where the library's guard plans, and oneDNN reads ONEDNN_MAX_CPU_ISA at its first kernel.</summary>
static class ConvolutionGuardFirst
{
#pragma warning disable CA2255 // the plan must come before any test's torch call can start oneDNN
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void PlanBeforeAnyTest() => ConvolutionGuard.PlanBeforeTorch(RuntimeEnvironment.Process);
}
