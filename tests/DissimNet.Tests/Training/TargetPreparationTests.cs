using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Training;

namespace DissimNet.Tests.Training;

public class TargetPreparationTests
{
    // Two subjects, three images; upper triangles (0,1), (0,2), (1,2) are [1, 2, 3] and [2, 2, 5].
    static NdArray TwoSubjects() => new([2, 3, 3],
    [
        0, 1, 2, 1, 0, 3, 2, 3, 0,
        0, 2, 2, 2, 0, 5, 2, 5, 0,
    ]);

    // By hand: [1,2,3] has mean 2 and population sd sqrt(2/3), so z = [-sqrt(3/2), 0, sqrt(3/2)];
    // [2,2,5] has mean 3 and sd sqrt(2), so z = [-1/sqrt(2), -1/sqrt(2), sqrt(2)].
    static readonly double[] z1 = [-Math.Sqrt(1.5), 0, Math.Sqrt(1.5)];
    static readonly double[] z2 = [-1 / Math.Sqrt(2), -1 / Math.Sqrt(2), Math.Sqrt(2)];

    static double[] Upper(double[] square) => SquareForm.ToVector(square, 3);

    [Fact]
    public void ZScoreAveragesSubjectsZScores()
    {
        var target = TargetPreparation.Prepare(TwoSubjects(), TargetTransform.ZScore, "t");
        var expected = z1.Zip(z2, (a, b) => (a + b) / 2).ToArray();
        Assert.Equal(expected, Upper(target), new Tolerance(1e-12));
        Assert.Equal(target[1], target[3]); // symmetric
        Assert.Equal(0, target[4]);
    }

    [Fact]
    public void NoneAveragesRawValues()
    {
        Assert.Equal([1.5, 2, 4], Upper(TargetPreparation.Prepare(TwoSubjects(), TargetTransform.None, "t")), new Tolerance(1e-12));
    }

    [Fact]
    public void MegAveragesSubjectsAndTimeThenMapsToZeroOne()
    {
        // Subject 1 at time 1 is [1,2,3], at time 2 is [3,2,1] (z = [sqrt(3/2), 0, -sqrt(3/2)]); subject 2 is [2,2,5] at both.
        var data = new double[2 * 2 * 9];
        void Put(int s, int t, double a, double b, double c)
        {
            var m = new double[] { 0, a, b, a, 0, c, b, c, 0 };
            Array.Copy(m, 0, data, (s * 2 + t) * 9, 9);
        }
        Put(0, 0, 1, 2, 3);
        Put(0, 1, 3, 2, 1);
        Put(1, 0, 2, 2, 5);
        Put(1, 1, 2, 2, 5);
        var target = TargetPreparation.Prepare(new NdArray([2, 2, 3, 3], data), TargetTransform.ZScoreMeg, "meg");
        // Subject 1's time average is 0 at every pair; the subject average is z2 / 2; then (x + 2) / 5.
        var expected = z2.Select(z => (z / 2 + 2) / 5).ToArray();
        Assert.Equal(expected, Upper(target), new Tolerance(1e-12));
    }

    [Fact]
    public void PerSubjectKeepsSubjectsApart()
    {
        var subjects = TargetPreparation.PerSubject(TwoSubjects(), TargetTransform.ZScore, "t");
        Assert.Equal([2], subjects.LeadingShape);
        Assert.Equal(z1, subjects[0].Vector, new Tolerance(1e-12));
        Assert.Equal(z2, subjects[1].Vector, new Tolerance(1e-12));
    }

    [Fact]
    public void BadShapesAndValuesAreClearErrors()
    {
        var e = Assert.ThrowsAny<DissimNetException>(() => TargetPreparation.Prepare(new NdArray([2, 3, 4], new double[24]), TargetTransform.ZScore, "x.mat: EVC_RDMs"));
        Assert.Contains("x.mat: EVC_RDMs", e.Message);
        Assert.Contains("2 x 3 x 4", e.Message);
        var constant = Assert.ThrowsAny<DissimNetException>(() => TargetPreparation.Prepare(new NdArray([1, 3, 3], new double[9]), TargetTransform.ZScore, "c.mat: R"));
        Assert.Contains("constant", constant.Message);
        var nan = new double[9];
        nan[1] = double.NaN;
        Assert.ThrowsAny<DissimNetException>(() => TargetPreparation.Prepare(new NdArray([1, 3, 3], nan), TargetTransform.None, "n.mat: R"));
    }

    sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
