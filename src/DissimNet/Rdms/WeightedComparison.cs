using System.Numerics.Tensors;

namespace DissimNet.Rdms;

/// <summary>The comparison engine: every method on pair-weighted vectors, so one code path serves plain comparisons
/// (unit weights) and bootstraps over conditions (weight = how often a pair was drawn).</summary>
/// <remarks>With integer weights each result equals the method applied to the vector with pair i repeated weights[i]
/// times, which is what resampling conditions produces; pairs with NaN on either side get weight 0.</remarks>
internal static class WeightedComparison
{
    /// <summary>Compares a model with each target under optional pair weights (null = every pair once).</summary>
    /// <remarks>The model's transform (ranks, centring) is computed once and reused for every target without NaN.</remarks>
    public static void CompareToEach(RankedVector model, IReadOnlyList<RankedVector> targets, double[]? pairWeights,
        ComparisonMethod method, ComparisonWorkspace ws, Span<double> results)
    {
        if (pairWeights is null && !model.HasNaN)
        {
            for (int t = 0; t < targets.Count; t++)
                results[t] = targets[t].HasNaN || !HasUnitDot(method)
                    ? Compare(model, targets[t], null, method, ws)
                    : UnitDot(model, targets[t], method);
            return;
        }
        // Model ranks under these weights, centred once and shared by all targets that leave no pair out.
        WeightedSide? modelSide = null;
        for (int t = 0; t < targets.Count; t++)
        {
            var target = targets[t];
            if (method == ComparisonMethod.Spearman && pairWeights is not null && !target.HasNaN && !model.HasNaN)
            {
                if (modelSide is null)
                {
                    model.WeightedRanks(pairWeights, ws.ModelRanks);
                    modelSide = WeightedSide.Create(ws.ModelRanks, pairWeights, ws.ModelCentred, ws.ModelWeightedCentred);
                }
                target.WeightedRanks(pairWeights, ws.RanksY);
                results[t] = modelSide.Value.Correlate(ws.RanksY, ws.SortValues);
            }
            else results[t] = Compare(model, target, pairWeights, method, ws);
        }
    }

    /// <summary>One side of a weighted Pearson correlation, centred once: x - mean and w (x - mean), with its weighted sum of squares.</summary>
    readonly record struct WeightedSide(double[] Weights, double Total, double[] WeightedCentred, double SumOfSquares)
    {
        public static WeightedSide Create(double[] x, double[] w, double[] centred, double[] weightedCentred)
        {
            double total = TensorPrimitives.Sum<double>(w);
            double mean = TensorPrimitives.Dot<double>(w, x) / total;
            TensorPrimitives.Subtract(x, mean, centred);
            TensorPrimitives.Multiply(centred, w, weightedCentred);
            return new WeightedSide(w, total, weightedCentred, TensorPrimitives.Dot<double>(centred, weightedCentred));
        }

        /// <summary>Weighted Pearson correlation with finite y (entries of weight 0 contribute nothing).</summary>
        public double Correlate(double[] y, double[] scratch)
        {
            if (Total == 0) return double.NaN;
            double mean = TensorPrimitives.Dot<double>(Weights, y) / Total;
            TensorPrimitives.Subtract(y, mean, scratch);
            double sxy = TensorPrimitives.Dot<double>(WeightedCentred, scratch);
            TensorPrimitives.Multiply(scratch, scratch, scratch);
            double syy = TensorPrimitives.Dot<double>(Weights, scratch);
            return Clamp(sxy / Math.Sqrt(SumOfSquares * syy));
        }
    }

    /// <summary>One comparison under optional pair weights.</summary>
    public static double Compare(RankedVector x, RankedVector y, double[]? pairWeights, ComparisonMethod method, ComparisonWorkspace ws)
    {
        if (x.Length != y.Length) throw new ArgumentException($"RDM vectors differ in length: {x.Length} and {y.Length}");
        if (pairWeights is null && !x.HasNaN && !y.HasNaN && HasUnitDot(method))
            return UnitDot(x, y, method);
        if (pairWeights is null && !x.HasNaN && !y.HasNaN && method is ComparisonMethod.KendallTauA or ComparisonMethod.KendallTauB)
            return method == ComparisonMethod.KendallTauA ? KendallTau.TauA(x, y, ws) : KendallTau.TauB(x, y, ws); // no weight vectors
        if (method.IsCovWeighted())
            throw new DissimNetException(pairWeights is null
                ? $"{method.Name()} needs RDMs without missing (NaN) pairs: whitening ties every pair to the others"
                : $"{method.Name()} has no form for resampled pairs: it whitens over whole RDMs");
        var weights = EffectiveWeights(x, y, pairWeights, ws);
        switch (method)
        {
            case ComparisonMethod.Pearson:
                return WeightedPearson(x.Values, y.Values, weights);
            case ComparisonMethod.Cosine:
                return WeightedCosine(x.Values, y.Values, weights);
            case ComparisonMethod.Spearman:
                x.WeightedRanks(weights, ws.RanksX);
                y.WeightedRanks(weights, ws.RanksY);
                return WeightedPearson(ws.RanksX, ws.RanksY, weights);
            case ComparisonMethod.RhoA:
                x.WeightedRanks(weights, ws.RanksX);
                y.WeightedRanks(weights, ws.RanksY);
                return WeightedRhoA(ws.RanksX, ws.RanksY, weights);
            case ComparisonMethod.KendallTauA:
                return KendallTau.TauA(x, y, weights, ws);
            case ComparisonMethod.KendallTauB:
                return KendallTau.TauB(x, y, weights, ws);
            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }
    }

    static bool HasUnitDot(ComparisonMethod method) => method is ComparisonMethod.Spearman or ComparisonMethod.Pearson
        or ComparisonMethod.Cosine or ComparisonMethod.CorrelationCovWeighted or ComparisonMethod.CosineCovWeighted;

    static double UnitDot(RankedVector x, RankedVector y, ComparisonMethod method) => method switch
    {
        ComparisonMethod.Spearman => Clamp(TensorPrimitives.Dot<double>(x.StandardizedRanks, y.StandardizedRanks)),
        ComparisonMethod.Pearson => Clamp(TensorPrimitives.Dot<double>(x.StandardizedValues, y.StandardizedValues)),
        ComparisonMethod.Cosine => Clamp(TensorPrimitives.Dot<double>(x.NormalizedValues, y.NormalizedValues)),
        ComparisonMethod.CorrelationCovWeighted => Clamp(TensorPrimitives.Dot<double>(x.WhitenedCorrelation, y.WhitenedCorrelation)),
        ComparisonMethod.CosineCovWeighted => Clamp(TensorPrimitives.Dot<double>(x.WhitenedCosine, y.WhitenedCosine)),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    static double Clamp(double r) => double.IsNaN(r) ? r : Math.Clamp(r, -1, 1);

    /// <summary>Pair weights with NaN pairs set to 0, written into the workspace.</summary>
    static double[] EffectiveWeights(RankedVector x, RankedVector y, double[]? pairWeights, ComparisonWorkspace ws)
    {
        var w = ws.Weights;
        if (pairWeights is null) Array.Fill(w, 1.0);
        else pairWeights.CopyTo(w, 0);
        if (x.HasNaN) MaskNaN(x.Values, w);
        if (y.HasNaN) MaskNaN(y.Values, w);
        return w;
    }

    static void MaskNaN(ReadOnlySpan<double> values, double[] w)
    {
        for (int i = 0; i < values.Length; i++) if (double.IsNaN(values[i])) w[i] = 0;
    }

    /// <summary>Pearson correlation of x and y with entry i counted w[i] times (entries with w = 0 are skipped, even if NaN).</summary>
    public static double WeightedPearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> w)
    {
        double total = 0, sx = 0, sy = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] == 0) continue;
            total += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i];
        }
        if (total == 0) return double.NaN;
        double mx = sx / total, my = sy / total;
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] == 0) continue;
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += w[i] * dx * dx; syy += w[i] * dy * dy; sxy += w[i] * dx * dy;
        }
        return Clamp(sxy / Math.Sqrt(sxx * syy));
    }

    /// <summary>rsatoolbox's rho-a of ranks x and y with entry i counted w[i] times: 12 Σ w dx dy / (N³ - N), N the total weight.</summary>
    /// <remarks>The denominator is N² - 1 times N/12, the variance of untied ranks, so ties lower the value where Spearman rescales.</remarks>
    static double WeightedRhoA(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> w)
    {
        double total = 0, sx = 0, sy = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] == 0) continue;
            total += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i];
        }
        if (total < 2) return double.NaN;
        double mx = sx / total, my = sy / total, sxy = 0;
        for (int i = 0; i < w.Length; i++)
            if (w[i] != 0) sxy += w[i] * (x[i] - mx) * (y[i] - my);
        return sxy / (total * total * total - total) * 12;
    }

    static double WeightedCosine(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> w)
    {
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] == 0) continue;
            sxx += w[i] * x[i] * x[i]; syy += w[i] * y[i] * y[i]; sxy += w[i] * x[i] * y[i];
        }
        return Clamp(sxy / Math.Sqrt(sxx * syy));
    }
}
