using DissimNet.Rdms;

namespace DissimNet.Training;

/// <summary>The weights of a read-out over layers: its RDM is <see cref="Intercept"/> + Σ_l w_l RDM_l.</summary>
/// <param name="Weights">Non-negative weight per layer label (0 for excluded layers).</param>
/// <param name="Intercept">The fitted constant (any sign); it shifts every dissimilarity alike.</param>
/// <param name="Excluded">Layers left out of the fit because their training RDM was constant or not finite.</param>
/// <param name="Pairs">Training pairs the weights were fitted on.</param>
public sealed record ReadoutRecord(Dictionary<string, double> Weights, double Intercept, List<string> Excluded, long Pairs);

/// <summary>Feature-reweighted RSA in its layer form: non-negative weights of the layers' RDMs fitted to the training target,
/// then applied to the RDMs of other images (Khaligh-Razavi &amp; Kriegeskorte 2014; Storrs et al. 2021).</summary>
/// <remarks>
/// The fit pools the pairs of every training set and minimises Σ (t - c - Σ_l w_l d_l)² over w_l >= 0 and a free constant c.
/// The constant matters: a z-scored target has mean 0 while correlation distances are positive, and without it the
/// non-negative weights would be pulled towards fitting the mean rather than the pattern. c is profiled out by centring
/// the target and every layer's dissimilarities over the pooled pairs, then recovered from the means. Rank and
/// correlation scores do not see c; cosine scores do, which is why it is kept rather than dropped.
/// </remarks>
internal static class LayerReadout
{
    /// <summary>The name the read-out's scores and RDMs are keyed by, next to the layers'.</summary>
    public const string Name = "readout";

    /// <summary>Fits the weights of <paramref name="layers"/> to the targets of the training sets.</summary>
    /// <param name="sets">Per training set: each layer's RDM over its images (keyed by label) and its prepared target as a row-major n x n matrix.</param>
    /// <param name="layers">The layer labels to weigh, in order.</param>
    public static ReadoutRecord Fit(IReadOnlyList<(IReadOnlyDictionary<string, Rdm> Rdms, double[] Target)> sets, IReadOnlyList<string> layers)
    {
        var target = new List<double>();
        var columns = layers.Select(_ => new List<double>()).ToArray();
        foreach (var (rdms, square) in sets)
        {
            int n = (int)Math.Round(Math.Sqrt(square.Length));
            target.AddRange(SquareForm.ToVector(square, n));
            for (int l = 0; l < layers.Count; l++) columns[l].AddRange(rdms[layers[l]].Vector);
        }
        var t = target.ToArray();
        double targetMean = t.Average();
        for (int i = 0; i < t.Length; i++) t[i] -= targetMean;
        var used = new List<int>();
        var excluded = new List<string>();
        var centred = new List<double[]>();
        var means = new List<double>();
        for (int l = 0; l < layers.Count; l++)
        {
            var d = columns[l].ToArray();
            if (d.Length != t.Length) throw new DissimNetException($"layer {layers[l]}: {d.Length} training dissimilarities for {t.Length} target pairs");
            if (!d.All(double.IsFinite)) { excluded.Add(layers[l]); continue; }
            double mean = d.Average(), spread = 0, size = 0;
            for (int i = 0; i < d.Length; i++)
            {
                size = Math.Max(size, Math.Abs(d[i]));
                d[i] -= mean;
                spread = Math.Max(spread, Math.Abs(d[i]));
            }
            // A constant RDM carries no pattern (only rounding noise after centring): it cannot be weighed against the others.
            if (!(spread > 1e-12 * Math.Max(size, 1e-300))) { excluded.Add(layers[l]); continue; }
            used.Add(l);
            centred.Add(d);
            means.Add(mean);
        }
        var w = used.Count == 0 ? [] : NonNegativeLeastSquares.Solve(centred, t);
        var weights = layers.ToDictionary(l => l, _ => 0.0);
        double intercept = targetMean;
        for (int u = 0; u < used.Count; u++)
        {
            weights[layers[used[u]]] = w[u];
            intercept -= w[u] * means[u];
        }
        return new ReadoutRecord(weights, intercept, excluded, t.Length);
    }

    /// <summary>The read-out's RDM from the layers' RDMs of the same images: intercept + Σ w_l RDM_l over the layers with a positive weight.</summary>
    /// <remarks>Layers of weight 0 are skipped, so a NaN in an unused layer's RDM does not reach the read-out.</remarks>
    public static Rdm Combine(ReadoutRecord readout, IReadOnlyDictionary<string, Rdm> rdms)
    {
        double[]? sum = null;
        foreach (var (layer, weight) in readout.Weights)
        {
            if (!(weight > 0)) continue;
            if (!rdms.TryGetValue(layer, out var rdm)) throw new DissimNetException($"the read-out weighs layer {layer}, whose RDM was not computed");
            sum ??= new double[rdm.PairCount];
            if (rdm.PairCount != sum.Length) throw new DissimNetException($"layer {layer}: its RDM has {rdm.PairCount} pairs, the others {sum.Length}");
            for (int k = 0; k < sum.Length; k++) sum[k] += weight * rdm.Vector[k];
        }
        // Every weight 0: the read-out is the constant alone (its score is undefined, so it never wins).
        sum ??= new double[rdms.Values.First().PairCount];
        for (int k = 0; k < sum.Length; k++) sum[k] += readout.Intercept;
        return new Rdm(sum, name: Name);
    }

    /// <summary>The layers a read-out needs the RDMs of: those with a positive weight.</summary>
    public static IReadOnlyList<string> WeighedLayers(ReadoutRecord readout) => readout.Weights.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToList();
}
