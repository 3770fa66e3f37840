using System.Runtime.CompilerServices;

namespace DissimNet.Tests;

/// <summary>Confines every file the tests write to one folder of this test run, removed when the run ends.</summary>
/// <remarks>
/// Tests and the processes they start take their temporary paths from <see cref="Path.GetTempPath"/>, which reads TMPDIR on
/// each call; pointing TMPDIR at a fresh folder under the machine's temporary folder before any test runs means no test can
/// leave a file in /tmp, even one that forgets to delete what it wrote. Child processes inherit the variable.
/// </remarks>
static class TestRunTemp
{
    /// <summary>The run's folder (a child of the temporary folder the test host was started with).</summary>
    public static string Root { get; private set; } = "";

#pragma warning disable CA2255 // must run before any test asks for a temporary path
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ConfineTemporaryFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), $"dissimnet-tests-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
        Environment.SetEnvironmentVariable("TMPDIR", Root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(); // for a child process of the tests (TestProgram)
    }

    /// <summary>Deletes the run's folder (after the last test, see <see cref="TestRunCleanup"/>).</summary>
    public static void Remove()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // a file still open elsewhere: leave the folder
    }
}
