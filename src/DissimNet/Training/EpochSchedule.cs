namespace DissimNet.Training;

/// <summary>How training batches are formed.</summary>
public enum Pairing
{
    /// <summary>A batch is a group of images; its loss covers every pair among them, and each image is forwarded once.</summary>
    Images,

    /// <summary>A batch is a list of pairs; each pair forwards both of its images (the Algonauts 2019 Siamese scheme).</summary>
    Pairs,
}

/// <summary>An image of one training set.</summary>
public readonly record struct ImageRef(int Set, int Image);

/// <summary>Images to forward, the pairs among them (row indices into <see cref="Inputs"/>) and each pair's target.</summary>
public sealed record TrainingBatch(ImageRef[] Inputs, long[] First, long[] Second, double[] Targets)
{
    /// <summary>Number of pairs in the loss.</summary>
    public int PairCount => First.Length;
}

/// <summary>Builds the batches of one epoch, reproducibly from (seed, epoch).</summary>
/// <remarks>
/// An epoch covers every training pair of every set at least once; pairs never cross sets.
/// <para><see cref="Pairing.Pairs"/>: every training pair exactly once, shuffled across sets, in batches of B pairs.</para>
/// <para><see cref="Pairing.Images"/> with group size k: each set's training images are shuffled and dealt into
/// m = ceil(n / floor(k/2)) blocks of near-equal size; every two blocks together form one batch (m(m-1)/2 batches,
/// each at most k images, each image forwarded m-1 times). A pair across two blocks is in exactly one batch and a pair
/// inside a block in m-1 batches, so every pair is covered. When n &lt;= k the whole set is one batch. Batches of all
/// sets are then shuffled together.</para>
/// <para>Each epoch draws from its own <see cref="Random"/> seeded by (seed, epoch), so resuming at epoch e needs no saved
/// random state.</para>
/// </remarks>
public static class EpochSchedule
{
    /// <summary>The batches of epoch <paramref name="epoch"/> (1-based).</summary>
    /// <param name="sets">The training sets.</param>
    /// <param name="trainImages">For each set, the indices of its training images.</param>
    /// <param name="pairing">Batches of images or of pairs.</param>
    /// <param name="batchSize">Images (or pairs) per batch.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="epoch">The epoch, from 1.</param>
    public static IReadOnlyList<TrainingBatch> Build(IReadOnlyList<TrainingImageSet> sets, IReadOnlyList<int[]> trainImages,
        Pairing pairing, int batchSize, int seed, int epoch)
    {
        if (batchSize < 2 && pairing == Pairing.Images)
            throw new SettingException($"a batch of {batchSize}: a batch of images needs at least 2 images", "BatchSize");
        if (batchSize < 1)
            throw new SettingException($"a batch of {batchSize}: a batch needs at least 1 pair", "BatchSize");
        var rng = EpochRandom(seed, epoch);
        var batches = pairing == Pairing.Images
            ? ImageBatches(sets, trainImages, batchSize, rng)
            : PairBatches(sets, trainImages, batchSize, rng);
        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batches));
        return batches;
    }

    /// <summary>The random source of one epoch: independent of how many numbers earlier epochs drew.</summary>
    public static Random EpochRandom(int seed, int epoch)
    {
        // SplitMix64 finaliser of (seed, epoch): well-mixed, and fixed by this code rather than by a runtime's hash.
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(uint)epoch * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z & 0x7FFFFFFF));
    }

    /// <summary>Groups of images whose pairs together cover every pair of <paramref name="images"/>.</summary>
    public static List<int[]> CoveringGroups(int[] images, int groupSize, Random rng)
    {
        var order = (int[])images.Clone();
        rng.Shuffle(order);
        if (order.Length <= groupSize) return order.Length >= 2 ? [order] : [];
        int half = Math.Max(1, groupSize / 2);
        int blocks = (order.Length + half - 1) / half;
        var parts = new int[blocks][];
        for (int b = 0, start = 0; b < blocks; b++)
        {
            // Near-equal blocks: the first (n mod m) blocks take one extra image.
            int size = order.Length / blocks + (b < order.Length % blocks ? 1 : 0);
            parts[b] = order[start..(start + size)];
            start += size;
        }
        var groups = new List<int[]>(blocks * (blocks - 1) / 2);
        for (int a = 0; a < blocks; a++)
            for (int b = a + 1; b < blocks; b++) groups.Add([.. parts[a], .. parts[b]]);
        return groups;
    }

    static List<TrainingBatch> ImageBatches(IReadOnlyList<TrainingImageSet> sets, IReadOnlyList<int[]> trainImages, int groupSize, Random rng)
    {
        var batches = new List<TrainingBatch>();
        for (int s = 0; s < sets.Count; s++)
            foreach (var group in CoveringGroups(trainImages[s], groupSize, rng))
            {
                int k = group.Length, pairs = k * (k - 1) / 2, p = 0;
                var first = new long[pairs];
                var second = new long[pairs];
                var targets = new double[pairs];
                for (int i = 0; i < k; i++)
                    for (int j = i + 1; j < k; j++, p++)
                    {
                        first[p] = i;
                        second[p] = j;
                        targets[p] = sets[s].TargetOf(group[i], group[j]);
                    }
                batches.Add(new TrainingBatch(group.Select(image => new ImageRef(s, image)).ToArray(), first, second, targets));
            }
        return batches;
    }

    static List<TrainingBatch> PairBatches(IReadOnlyList<TrainingImageSet> sets, IReadOnlyList<int[]> trainImages, int pairsPerBatch, Random rng)
    {
        var all = new List<(int Set, int I, int J)>();
        for (int s = 0; s < sets.Count; s++)
        {
            var images = trainImages[s];
            for (int a = 0; a < images.Length; a++)
                for (int b = a + 1; b < images.Length; b++) all.Add((s, images[a], images[b]));
        }
        var order = all.ToArray();
        rng.Shuffle(order);
        var batches = new List<TrainingBatch>();
        for (int start = 0; start < order.Length; start += pairsPerBatch)
        {
            var chunk = order[start..Math.Min(order.Length, start + pairsPerBatch)];
            var inputs = new ImageRef[2 * chunk.Length];
            var first = new long[chunk.Length];
            var second = new long[chunk.Length];
            var targets = new double[chunk.Length];
            for (int p = 0; p < chunk.Length; p++)
            {
                var (s, i, j) = chunk[p];
                inputs[2 * p] = new ImageRef(s, i);
                inputs[2 * p + 1] = new ImageRef(s, j);
                first[p] = 2 * p;
                second[p] = 2 * p + 1;
                targets[p] = sets[s].TargetOf(i, j);
            }
            batches.Add(new TrainingBatch(inputs, first, second, targets));
        }
        return batches;
    }
}
