namespace DissimNet.Tests;

/// <summary>The test assembly's entry point: the test runner never calls it; tests start it as a child process for work that
/// needs a fresh process (e.g. a convolution path that oneDNN fixes at start-up).</summary>
public static class TestProgram
{
    public const string TrajectoryCommand = "trajectory";

    public static int Main(string[] args) => args switch
    {
        [TrajectoryCommand, var freeze] => Training.PathTrajectory.RunChild(freeze),
        _ => 2,
    };
}
