using DissimNet.Rdms;
using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>The read-out's fit and combination on hand-made RDMs.</summary>
public sealed class LayerReadoutTests
{
    static Rdm Random(int n, int seed)
    {
        var rng = new Random(seed);
        return new Rdm(Enumerable.Range(0, n * (n - 1) / 2).Select(_ => rng.NextDouble()).ToArray());
    }

    static Rdm Scaled(Rdm rdm, double factor, double shift = 0) => new(rdm.Vector.Select(v => factor * v + shift).ToArray());

    [Fact]
    public void TargetTwiceOneLayerRecoversWeightsTwoAndZero()
    {
        // Two training sets, pooled: t = 2 a + 0 b in each, so the weights are (2, 0) and the constant 0.
        var (a1, b1, a2, b2) = (Random(7, 1), Random(7, 2), Random(5, 3), Random(5, 4));
        var sets = new List<(IReadOnlyDictionary<string, Rdm>, double[])>
        {
            (new Dictionary<string, Rdm> { ["a"] = a1, ["b"] = b1 }, Scaled(a1, 2).ToSquare()),
            (new Dictionary<string, Rdm> { ["a"] = a2, ["b"] = b2 }, Scaled(a2, 2).ToSquare()),
        };
        var readout = LayerReadout.Fit(sets, ["a", "b"]);
        Assert.Equal(2, readout.Weights["a"], 10);
        Assert.Equal(0, readout.Weights["b"], 10);
        Assert.Equal(0, readout.Intercept, 10);
        Assert.Equal(21 + 10, readout.Pairs);
        Assert.Empty(readout.Excluded);
    }

    [Fact]
    public void ZScoredTargetIsFittedThroughTheConstant()
    {
        // A target shifted below zero (as a z-scored one is) is still 3 a + 1 b; the constant takes the shift.
        var (a, b) = (Random(8, 5), Random(8, 6));
        var target = new Rdm(a.Vector.Zip(b.Vector, (x, y) => 3 * x + y - 2.5).ToArray());
        var readout = LayerReadout.Fit([(new Dictionary<string, Rdm> { ["a"] = a, ["b"] = b }, target.ToSquare())], ["a", "b"]);
        Assert.Equal(3, readout.Weights["a"], 9);
        Assert.Equal(1, readout.Weights["b"], 9);
        Assert.Equal(-2.5, readout.Intercept, 9);
        var combined = LayerReadout.Combine(readout, new Dictionary<string, Rdm> { ["a"] = a, ["b"] = b });
        for (int k = 0; k < target.PairCount; k++) Assert.Equal(target.Vector[k], combined.Vector[k], 9);
    }

    [Fact]
    public void ConstantAndNonFiniteLayersAreExcludedWithWeightZero()
    {
        var a = Random(6, 7);
        var constant = new Rdm(Enumerable.Repeat(0.7, 15).ToArray());
        var broken = new Rdm(Random(6, 8).Vector.Select((v, k) => k == 3 ? double.NaN : v).ToArray());
        var layers = new Dictionary<string, Rdm> { ["a"] = a, ["flat"] = constant, ["nan"] = broken };
        var readout = LayerReadout.Fit([(layers, Scaled(a, 0.5, 1).ToSquare())], ["a", "flat", "nan"]);
        Assert.Equal(["flat", "nan"], readout.Excluded);
        Assert.Equal(0, readout.Weights["flat"]);
        Assert.Equal(0, readout.Weights["nan"]);
        Assert.Equal(0.5, readout.Weights["a"], 10);
        // The NaN of a layer of weight 0 does not reach the combined RDM.
        Assert.All(LayerReadout.Combine(readout, layers).Vector, v => Assert.True(double.IsFinite(v)));
    }
}
