using DissimNet.Rdms;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

public class EpochScheduleTests
{
    static TrainingImageSet Set(string name, int n) => new(name, zeros(n, 1, 1, 3), Enumerable.Range(0, n * n).Select(k => (double)k).ToArray(), name);

    static (IReadOnlyList<TrainingImageSet>, int[][]) Algonauts()
    {
        var sets = new[] { Set("92", 92), Set("118", 118) };
        return (sets, sets.Select(s => Enumerable.Range(0, s.Count).ToArray()).ToArray());
    }

    static Dictionary<(int Set, int I, int J), int> Covered(IReadOnlyList<TrainingBatch> batches, IReadOnlyList<TrainingImageSet> sets)
    {
        var seen = new Dictionary<(int, int, int), int>();
        foreach (var batch in batches)
            for (int p = 0; p < batch.PairCount; p++)
            {
                var a = batch.Inputs[batch.First[p]];
                var b = batch.Inputs[batch.Second[p]];
                Assert.Equal(a.Set, b.Set); // pairs never cross sets
                Assert.NotEqual(a.Image, b.Image);
                var key = (a.Set, Math.Min(a.Image, b.Image), Math.Max(a.Image, b.Image));
                Assert.Equal(sets[a.Set].TargetOf(a.Image, b.Image), batch.Targets[p]);
                seen[key] = seen.GetValueOrDefault(key) + 1;
            }
        return seen;
    }

    [Fact]
    public void PoolingThe92And118ImageSetsGives11089Pairs()
    {
        var (sets, train) = Algonauts();
        var data = new TrainingData(sets, new ValidationSet(zeros(3, 1, 1, 3), new RdmStack(3, [0], []), "v"), null);
        Assert.Equal(4186 + 6903, data.PairCount);
        Assert.Equal(11089, data.PairCount);
        var seen = Covered(EpochSchedule.Build(sets, train, Pairing.Pairs, 32, seed: 5, epoch: 1), sets);
        Assert.Equal(11089, seen.Count);
        Assert.All(seen.Values, count => Assert.Equal(1, count));
        Assert.Equal(4186, seen.Keys.Count(k => k.Set == 0));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(16)]
    [InlineData(7)]
    [InlineData(2)]
    public void ImageBatchingCoversEveryTrainingPairEachEpoch(int groupSize)
    {
        var (sets, train) = Algonauts();
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            var batches = EpochSchedule.Build(sets, train, Pairing.Images, groupSize, seed: 9, epoch);
            Assert.All(batches, b => Assert.True(b.Inputs.Length <= groupSize && b.Inputs.Distinct().Count() == b.Inputs.Length));
            Assert.All(batches, b => Assert.Equal(b.Inputs.Length * (b.Inputs.Length - 1) / 2, b.PairCount));
            Assert.Equal(11089, Covered(batches, sets).Count);
        }
    }

    [Fact]
    public void SmallSetIsOneBatchAndSubsetsStayInside()
    {
        var set = Set("s", 10);
        var batches = EpochSchedule.Build([set], [[1, 3, 5, 7]], Pairing.Images, 8, seed: 1, epoch: 1);
        var only = Assert.Single(batches);
        Assert.Equal([1, 3, 5, 7], only.Inputs.Select(r => r.Image).Order());
    }

    [Fact]
    public void SchedulesAreSeededPerEpoch()
    {
        var (sets, train) = Algonauts();
        string Signature(int seed, int epoch) => string.Join(";", EpochSchedule.Build(sets, train, Pairing.Images, 16, seed, epoch)
            .Take(3).Select(b => string.Join(",", b.Inputs.Select(r => $"{r.Set}:{r.Image}"))));
        Assert.Equal(Signature(4, 2), Signature(4, 2));
        Assert.NotEqual(Signature(4, 2), Signature(4, 3));
        Assert.NotEqual(Signature(4, 2), Signature(5, 2));
    }

    [Fact]
    public void HoldoutIsReproducibleAndDisjoint()
    {
        var a = ImageSplit.Holdout("92", 92, 0.2, seed: 7);
        var b = ImageSplit.Holdout("92", 92, 0.2, seed: 7);
        var c = ImageSplit.Holdout("92", 92, 0.2, seed: 8);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Val, b.Val);
        Assert.NotEqual(a.Val, c.Val);
        Assert.Equal(18, a.Val.Length);
        Assert.Empty(a.Train.Intersect(a.Val));
        Assert.Equal(Enumerable.Range(0, 92), a.Train.Concat(a.Val).Order());
        Assert.ThrowsAny<DissimNetException>(() => ImageSplit.Holdout("s", 5, 0.2, 1));
        Assert.ThrowsAny<DissimNetException>(() => ImageSplit.Holdout("s", 50, 1.5, 1));
    }

    [Fact]
    public void FreezeSpecParsesAndRejects()
    {
        Assert.Equal(new FreezeSpec(FreezeKind.From, "conv5"), FreezeSpec.Parse("from:conv5"));
        Assert.Equal(new FreezeSpec(FreezeKind.UpTo, "conv5_2"), FreezeSpec.Parse("upto:conv5_2"));
        Assert.Equal(FreezeSpec.None, FreezeSpec.Parse("none"));
        Assert.Equal("upto:conv5_2", FreezeSpec.Parse("upto:conv5_2").ToString());
        var e = Assert.ThrowsAny<DissimNetException>(() => FreezeSpec.Parse("below:conv3"));
        Assert.Contains("from:LAYER", e.Message);
    }

    [Theory]
    [InlineData(Pairing.Images)]
    [InlineData(Pairing.Pairs)]
    public void AFixedNumberOfRandomBatchesHasTheRightSizesTargetsAndRepeatsForTheSameSeedAndEpoch(Pairing pairing)
    {
        var (sets, train) = Algonauts();
        var batches = EpochSchedule.Build(sets, train, pairing, 16, seed: 5, epoch: 2, batchesPerEpoch: 300);
        Assert.Equal(300, batches.Count);
        Covered(batches, sets); // pairs within one set, two different images, the set's targets
        foreach (var batch in batches)
        {
            if (pairing == Pairing.Images)
            {
                Assert.Equal(16, batch.Inputs.Distinct().Count());
                Assert.Equal(16 * 15 / 2, batch.PairCount);
            }
            else Assert.Equal(16, batch.PairCount);
        }
        var again = EpochSchedule.Build(sets, train, pairing, 16, seed: 5, epoch: 2, batchesPerEpoch: 300);
        Assert.Equal(batches.SelectMany(b => b.Inputs), again.SelectMany(b => b.Inputs));
        var next = EpochSchedule.Build(sets, train, pairing, 16, seed: 5, epoch: 3, batchesPerEpoch: 300);
        Assert.NotEqual(batches.SelectMany(b => b.Inputs), next.SelectMany(b => b.Inputs));
        // Sets are drawn by their share of the pairs: 6903 of 11089 for the 118 images (300 draws: 0.62 +- 0.03).
        double share = batches.SelectMany(b => b.Inputs).Count(r => r.Set == 1) / (double)batches.Sum(b => b.Inputs.Length);
        Assert.InRange(share, 0.62 - 0.1, 0.62 + 0.1);
    }

    [Fact]
    public void RandomBatchesDrawFromTheWholeSetAndAreDistinctWithinABatch()
    {
        int n = 2000;
        var batches = EpochSchedule.Build([Set("big", n)], [Enumerable.Range(0, n).ToArray()], Pairing.Images, 32, seed: 1, epoch: 1, batchesPerEpoch: 500);
        Assert.All(batches, b => Assert.Equal(32, b.Inputs.Distinct().Count()));
        var images = batches.SelectMany(b => b.Inputs).Select(r => r.Image).ToArray();
        Assert.Equal(16_000, images.Length);
        // 16,000 uniform draws from 2000 images leave about 2000 e^-8 = 0.7 images unseen.
        Assert.InRange(images.Distinct().Count(), n - 10, n);
    }
}
