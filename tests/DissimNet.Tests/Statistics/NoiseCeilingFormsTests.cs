using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Tests.Statistics;

/// <summary>The noise ceiling, which compares forms made over the pools' own arrays, equals each subject compared with the
/// pools through <see cref="RdmComparison.Compare(ReadOnlySpan{double}, ReadOnlySpan{double}, ComparisonMethod)"/> exactly,
/// and the unweighted Kendall counts equal the weighted ones with unit weights exactly.</summary>
public class NoiseCeilingFormsTests
{
    /// <summary>5 subjects sharing a structure, rounded so that ties occur; the last <paramref name="constant"/> of them constant
    /// (one makes comparisons with it undefined; four make every pool of the first one's others undefined).</summary>
    static RdmStack Subjects(int seed, bool single, int constant)
    {
        const int n = 20;
        int p = SquareForm.PairCount(n);
        var random = new Random(seed);
        var truth = Enumerable.Range(0, p).Select(_ => random.NextDouble()).ToArray();
        var data = new double[5 * p];
        for (int k = 0; k < data.Length; k++)
        {
            double v = Math.Round(truth[k % p] + random.NextDouble(), 1);
            data[k] = single ? (float)v : v;
        }
        for (int k = 5 - constant; k < 5; k++) Array.Fill(data, 0.5 + k, k * p, p);
        return new RdmStack(n, [5], data, singlePrecision: single);
    }

    public static TheoryData<ComparisonMethod, NoiseCeilingPooling, bool> Cases()
    {
        var cases = new TheoryData<ComparisonMethod, NoiseCeilingPooling, bool>();
        foreach (var method in Enum.GetValues<ComparisonMethod>())
            foreach (var pooling in Enum.GetValues<NoiseCeilingPooling>())
                foreach (var single in new[] { false, true }) cases.Add(method, pooling, single);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EqualsComparisonsWithThePoolsExactly(ComparisonMethod method, NoiseCeilingPooling pooling, bool single)
    {
        foreach (var constant in new[] { 0, 1, 4 })
        {
            var stack = Subjects(11 + (int)method, single, constant);
            double[] Pool(IEnumerable<int> members) => pooling == NoiseCeilingPooling.Raw
                ? RdmAveraging.NanMean(stack, members)
                : RdmAveraging.NanMean(members.Select(m => NoiseCeilingPoolings.Transform(stack.Memory(m), method)).ToList());
            double lowerSum = 0, upperSum = 0;
            int lowerCount = 0, upperCount = 0;
            var all = Pool(Enumerable.Range(0, 5));
            try
            {
                for (int i = 0; i < 5; i++)
                {
                    double lower = RdmComparison.Compare(stack.Vector(i), Pool(Enumerable.Range(0, 5).Where(k => k != i)), method);
                    double upper = RdmComparison.Compare(stack.Vector(i), all, method);
                    if (!double.IsNaN(lower)) { lowerSum += lower; lowerCount++; }
                    if (!double.IsNaN(upper)) { upperSum += upper; upperCount++; }
                }
            }
            catch (DissimNetException)
            {
                // The whitened methods refuse a pool with NaN pairs; so must the ceiling.
                Assert.Throws<DissimNetException>(() => NoiseCeiling.Compute(stack, method, "target", pooling));
                continue;
            }
            var bounds = NoiseCeiling.Compute(stack, method, "target", pooling);
            Assert.Equal(lowerSum / lowerCount, bounds.Lower);
            Assert.Equal(upperSum / upperCount, bounds.Upper);
        }
    }

    [Theory]
    [InlineData(ComparisonMethod.KendallTauA)]
    [InlineData(ComparisonMethod.KendallTauB)]
    public void UnweightedKendallEqualsUnitWeightsExactly(ComparisonMethod method)
    {
        var random = new Random(5);
        foreach (var (n, levelsX, levelsY) in new[] { (300, 7, 5), (257, 300, 3), (64, 1, 4), (500, 1000, 1000) })
        {
            var x = new RankedVector(DissimNet.Tests.Rdms.NaiveStatistics.WithTies(random, n, levelsX));
            var y = new RankedVector(DissimNet.Tests.Rdms.NaiveStatistics.WithTies(random, n, levelsY));
            var ones = Enumerable.Repeat(1.0, n).ToArray();
            double weighted = WeightedComparison.Compare(x, y, ones, method, new ComparisonWorkspace(n));
            double unweighted = WeightedComparison.Compare(x, y, null, method, new ComparisonWorkspace(n));
            Assert.Equal(weighted, unweighted);
            double naive = method == ComparisonMethod.KendallTauA
                ? DissimNet.Tests.Rdms.NaiveStatistics.KendallTauA(x.Values.ToArray(), y.Values.ToArray())
                : DissimNet.Tests.Rdms.NaiveStatistics.KendallTauB(x.Values.ToArray(), y.Values.ToArray());
            Assert.Equal(naive, unweighted, 12);
        }
    }
}
