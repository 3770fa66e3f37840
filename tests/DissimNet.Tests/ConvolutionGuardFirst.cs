using System.Runtime.CompilerServices;
using DissimNet.Networks.Runtime;

namespace DissimNet.Tests;

/// <summary>Plans the convolution path before any test can start libtorch, as the CLI does by loading the library first.</summary>
static class ConvolutionGuardFirst
{
#pragma warning disable CA2255 // tests call torch directly; the library's plan must run before oneDNN reads its environment
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void PlanBeforeAnyTest() => RuntimeHelpers.RunModuleConstructor(typeof(ConvolutionGuard).Module.ModuleHandle);
}
