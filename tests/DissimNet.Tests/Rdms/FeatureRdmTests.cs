using DissimNet.Rdms;

namespace DissimNet.Tests.Rdms;

public class FeatureRdmTests
{
    [Theory]
    [InlineData(DistanceMetric.Correlation)]
    [InlineData(DistanceMetric.Euclidean)]
    [InlineData(DistanceMetric.SquaredEuclidean)]
    [InlineData(DistanceMetric.Cosine)]
    public void GramRdmEqualsPairwiseDefinition(DistanceMetric metric)
    {
        var random = new Random(12);
        int n = 9, f = 3000;
        var x = Enumerable.Range(0, n * f).Select(_ => random.NextDouble() * 2 - 0.5).ToArray();
        var rdm = FeatureRdm.Compute(x, n, f, metric);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                var a = x.AsSpan(i * f, f).ToArray();
                var b = x.AsSpan(j * f, f).ToArray();
                double expected = metric switch
                {
                    DistanceMetric.Correlation => 1 - NaiveStatistics.Pearson(a, b),
                    DistanceMetric.Cosine => 1 - NaiveStatistics.Cosine(a, b),
                    DistanceMetric.SquaredEuclidean => a.Zip(b, (u, v) => (u - v) * (u - v)).Sum(),
                    _ => Math.Sqrt(a.Zip(b, (u, v) => (u - v) * (u - v)).Sum()),
                };
                Assert.Equal(expected, rdm[i, j], 9);
            }
    }
}
