using System.Text.Json;
using DissimNet.IO;

namespace DissimNet.Tests.Reports;

/// <summary>Writes a training run folder as the trainer does (summary.json, rdms.npz, categories.json) from made-up numbers.</summary>
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
        var epochs = Enumerable.Range(1, 4).Select(e => new
        {
            epoch = e,
            train_loss = 0.8 / e + 0.1,
            val = Layers.Select((l, i) => (l, Score(i, e))).ToDictionary(p => p.l, p => p.Item2),
            seconds = 12.5,
        }).ToArray();
        var best = epochs.SelectMany(e => e.val.Select(v => (layer: v.Key, e.epoch, score: v.Value))).MaxBy(c => c.score);
        var summary = new Dictionary<string, object>
        {
            ["architecture"] = "alexnet",
            ["train_layer"] = "fc7",
            ["score_method"] = "mean Spearman over subjects",
            ["split"] = new { set = "92images", train = Enumerable.Range(0, 92).Where(i => i % 8 != 0).ToArray(), val = Enumerable.Range(0, 92).Where(i => i % 8 == 0).ToArray() },
            ["baseline"] = baseline,
            ["baseline_sem"] = Layers.ToDictionary(l => l, _ => 0.02),
            ["epochs"] = epochs,
            ["best"] = new { layer = best.layer, epoch = best.epoch, score = best.score },
            ["final"] = epochs[^1].val,
            ["noise_ceiling"] = new { lower = 0.42, upper = 0.51 },
            ["settings"] = new Dictionary<string, object> { ["lr"] = 0.005, ["batch_size"] = 32, ["loss"] = "correlation", ["candidate_layers"] = Layers, ["command"] = Command },
        };
        File.WriteAllText(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));

        // Twelve held-out images, categories interleaved as a random split leaves them.
        string[] names = ["animate face", "animate body", "inanimate"];
        var categories = Enumerable.Range(0, 12).Select(i => names[(i * 7) % 3]).ToArray();
        if (withRdms)
        {
            NdArray Rdm(double noise)
            {
                var m = new double[12 * 12];
                for (int i = 0; i < 12; i++)
                    for (int j = i + 1; j < 12; j++)
                        m[i * 12 + j] = m[j * 12 + i] = (categories[i] == categories[j] ? 0.3 : 0.9) + noise * random.NextDouble();
                return new NdArray([12, 12], m);
            }
            Npz.Write(Path.Combine(folder, "rdms.npz"),
                [new("target_val", Rdm(0.1)), new("baseline_best", Rdm(0.8)), new("trained_best", Rdm(0.3))]);
        }
        if (withCategories) File.WriteAllText(Path.Combine(folder, "categories.json"), JsonSerializer.Serialize(categories));
        return folder;
    }
}
