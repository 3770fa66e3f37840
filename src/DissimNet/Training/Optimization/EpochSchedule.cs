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
internal readonly record struct ImageRef(int Set, int Image);

/// <summary>Images to forward, the pairs among them (row indices into <see cref="Inputs"/>) and each pair's target.</summary>
internal sealed record TrainingBatch(ImageRef[] Inputs, long[] First, long[] Second, double[] Targets)
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
/// <para>With a number of batches per epoch K (for large sets, whose pairs grow as n²), an epoch is instead K batches drawn
/// independently: a set chosen with probability proportional to its number of training pairs, then k distinct random images
/// of it and all their pairs (<see cref="Pairing.Images"/>), or B random pairs, each from a set chosen that way
/// (<see cref="Pairing.Pairs"/>). Such an epoch covers a random sample of the pairs, not all of them; it never lists all pairs.</para>
/// <para>Each epoch draws from its own <see cref="Random"/> seeded by (seed, epoch), so resuming at epoch e needs no saved
/// random state.</para>
/// </remarks>
internal static class EpochSchedule
{
    /// <summary>The batches of epoch <paramref name="epoch"/> (1-based).</summary>
    /// <param name="sets">The training sets.</param>
    /// <param name="trainImages">For each set, the indices of its training images.</param>
    /// <param name="pairing">Batches of images or of pairs.</param>
    /// <param name="batchSize">Images (or pairs) per batch.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="batchesPerEpoch">Random batches per epoch instead of covering every pair; null for every pair.</param>
    public static IReadOnlyList<TrainingBatch> Build(IReadOnlyList<TrainingImageSet> sets, IReadOnlyList<int[]> trainImages,
        Pairing pairing, int batchSize, int seed, int epoch, int? batchesPerEpoch = null)
    {
        if (batchSize < 2 && pairing == Pairing.Images)
            throw new SettingException($"a batch of {batchSize}: a batch of images needs at least 2 images", "BatchSize");
        if (batchSize < 1)
            throw new SettingException($"a batch of {batchSize}: a batch needs at least 1 pair", "BatchSize");
        var rng = EpochRandom(seed, epoch);
        if (batchesPerEpoch is { } count)
        {
            if (count < 1) throw new SettingException($"an epoch of {count} batches: an epoch needs at least 1 batch", "BatchesPerEpoch");
            return pairing == Pairing.Images
                ? RandomImageBatches(sets, trainImages, batchSize, count, rng)
                : RandomPairBatches(sets, trainImages, batchSize, count, rng);
        }
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
                batches.Add(GroupBatch(sets[s], s, group));
        return batches;
    }

    /// <summary>A batch of the images <paramref name="group"/> of set <paramref name="s"/> and every pair among them.</summary>
    static TrainingBatch GroupBatch(TrainingImageSet set, int s, int[] group)
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
                targets[p] = set.TargetOf(group[i], group[j]);
            }
        return new TrainingBatch(group.Select(image => new ImageRef(s, image)).ToArray(), first, second, targets);
    }

    /// <summary><paramref name="count"/> batches, each of k distinct random images of one set (drawn by its share of the pairs) and all their pairs.</summary>
    static List<TrainingBatch> RandomImageBatches(IReadOnlyList<TrainingImageSet> sets, IReadOnlyList<int[]> trainImages, int groupSize, int count, Random rng)
    {
        var pick = SetPicker(trainImages);
        var batches = new List<TrainingBatch>(count);
        for (int b = 0; b < count; b++)
        {
            int s = pick(rng);
            var images = trainImages[s];
            batches.Add(GroupBatch(sets[s], s, Distinct(images, Math.Min(groupSize, images.Length), rng)));
        }
        return batches;
    }

    /// <summary><paramref name="count"/> batches of B random pairs (two distinct images of a set drawn by its share of the pairs).</summary>
    static List<TrainingBatch> RandomPairBatches(IReadOnlyList<TrainingImageSet> sets, IReadOnlyList<int[]> trainImages, int pairsPerBatch, int count, Random rng)
    {
        var pick = SetPicker(trainImages);
        var batches = new List<TrainingBatch>(count);
        for (int b = 0; b < count; b++)
        {
            var chunk = new (int Set, int I, int J)[pairsPerBatch];
            for (int p = 0; p < pairsPerBatch; p++)
            {
                int s = pick(rng);
                var pair = Distinct(trainImages[s], 2, rng);
                chunk[p] = (s, pair[0], pair[1]);
            }
            batches.Add(PairBatch(sets, chunk));
        }
        return batches;
    }

    /// <summary>Draws a set index with probability proportional to its number of training pairs.</summary>
    static Func<Random, int> SetPicker(IReadOnlyList<int[]> trainImages)
    {
        var cumulative = new double[trainImages.Count];
        double total = 0;
        for (int s = 0; s < trainImages.Count; s++) cumulative[s] = total += (double)trainImages[s].Length * (trainImages[s].Length - 1) / 2;
        if (total == 0) throw new DissimNetException("no training set has two images to pair");
        return rng =>
        {
            double u = rng.NextDouble() * total;
            int s = 0;
            while (s < cumulative.Length - 1 && u >= cumulative[s]) s++; // u < total, so a set without pairs is never reached last
            return s;
        };
    }

    /// <summary><paramref name="k"/> distinct elements of <paramref name="items"/> in random order (Floyd's sampling: O(k), whatever the set's size).</summary>
    static int[] Distinct(int[] items, int k, Random rng)
    {
        var chosen = new HashSet<int>();
        var order = new List<int>(k);
        for (int j = items.Length - k; j < items.Length; j++)
        {
            int t = rng.Next(j + 1);
            int index = chosen.Add(t) ? t : j;
            if (index == j) chosen.Add(j);
            order.Add(index);
        }
        var result = order.Select(i => items[i]).ToArray();
        rng.Shuffle(result);
        return result;
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
            batches.Add(PairBatch(sets, order[start..Math.Min(order.Length, start + pairsPerBatch)]));
        return batches;
    }

    /// <summary>A batch of the listed pairs, each forwarding both of its images.</summary>
    static TrainingBatch PairBatch(IReadOnlyList<TrainingImageSet> sets, (int Set, int I, int J)[] chunk)
    {
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
        return new TrainingBatch(inputs, first, second, targets);
    }
}
