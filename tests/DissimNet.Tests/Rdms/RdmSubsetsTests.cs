using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Tests.Rdms;

public sealed class RdmSubsetsTests
{
    [Fact]
    public void SelectConditionsKeepsRowsAndColumnsOfEverySubject()
    {
        var twoSubjects = new NdArray([2, 3, 3],
        [
            0, 1, 2, 1, 0, 3, 2, 3, 0,
            0, 2, 2, 2, 0, 5, 2, 5, 0,
        ]);
        var picked = RdmSubsets.SelectConditions(twoSubjects, [0, 2]);
        Assert.Equal([2, 2, 2], picked.Shape);
        Assert.Equal([0, 2, 2, 0, 0, 2, 2, 0], picked.ToDoubleArray());
    }

    [Fact]
    public void SelectConditionsFollowsTheGivenOrderAndKeepsTheTimeAxis()
    {
        // One subject, two time points; element (i, j) of time t is 10 t + 3 i + j, so every entry names its origin.
        var values = Enumerable.Range(0, 2).SelectMany(t => Enumerable.Range(0, 9).Select(k => 10.0 * t + k)).ToArray();
        var picked = RdmSubsets.SelectConditions(new NdArray([1, 2, 3, 3], values), [2, 1]);
        Assert.Equal([1, 2, 2, 2], picked.Shape);
        Assert.Equal([8, 7, 5, 4, 18, 17, 15, 14], picked.ToDoubleArray());
    }
}
