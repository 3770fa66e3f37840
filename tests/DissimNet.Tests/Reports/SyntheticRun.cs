using DissimNet.Training;

namespace DissimNet.Tests.Reports;

/// <summary>Writes a training run folder through the trainer's <see cref="RunFolder"/> (summary, held-out RDMs, categories) from made-up numbers.</summary>
static class SyntheticRun
{
    public static readonly string[] Layers = ["conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7"];
    public const string Command = "dissimnet train --arch alexnet --target data/92imageData/92_brainRDMs.mat:RDMs.RDM --train-layer fc7 --epochs 4 --seed 1 --out \"runs/a&b\"";

    public static string Write(string folder, bool withRdms = true, bool withCategories = true)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(3);
        double Score(int layer, int epoch) => 0.05 + 0.04 * layer + (layer >= 5 ? 0.03 * Math.Min(epoch, 3) : 0.004 * epoch) + 0.005 * random.NextDouble();
        var baseline = Layers.Select((l, i) => (l, Score(i, 0))).ToDictionary(p => p.l, p => p.Item2);
        var epochs = Enumerable.Range(1, 4).Select(e => new EpochRecord
        {
            Epoch = e,
            TrainLoss = 0.8 / e + 0.1,
            Val = Layers.Select((l, i) => (l, Score(i, e))).ToDictionary(p => p.l, p => p.Item2),
            Seconds = 12.5,
        }).ToList();
        var best = epochs.SelectMany(e => e.Val.Select(v => (layer: v.Key, e.Epoch, score: v.Value))).MaxBy(c => c.score);
        var run = new RunFolder(folder);
        run.WriteSummary(new TrainingSummary
        {
            Architecture = "alexnet",
            TrainLayer = "fc7",
            ScoreMethod = "mean Spearman over subjects",
            Split = new SplitRecord { Set = "92images", Train = Enumerable.Range(0, 92).Where(i => i % 8 != 0).ToArray(), Val = Enumerable.Range(0, 92).Where(i => i % 8 == 0).ToArray() },
            Baseline = baseline,
            Epochs = epochs,
            Best = new BestRecord(best.layer, best.Epoch, best.score),
            Final = epochs[^1].Val,
            NoiseCeiling = new CeilingRecord(0.42, 0.51),
            Settings = new TrainingSettings { TrainLayer = "fc7", CandidateLayers = Layers, LearningRate = 0.005, BatchSize = 32, Epochs = 4, Seed = 1, Command = Command },
        });

        // Twelve held-out images, categories interleaved as a random split leaves them.
        string[] names = ["animate face", "animate body", "inanimate"];
        var categories = Enumerable.Range(0, 12).Select(i => names[(i * 7) % 3]).ToArray();
        if (withRdms)
        {
            double[] Rdm(double noise)
            {
                var m = new double[12 * 12];
                for (int i = 0; i < 12; i++)
                    for (int j = i + 1; j < 12; j++)
                        m[i * 12 + j] = m[j * 12 + i] = (categories[i] == categories[j] ? 0.3 : 0.9) + noise * random.NextDouble();
                return m;
            }
            run.WriteHeldOutRdms(Rdm(0.1), Rdm(0.8), Rdm(0.3));
        }
        if (withCategories) run.WriteCategories(categories);
        return folder;
    }
}
