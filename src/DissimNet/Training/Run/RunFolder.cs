using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>The output folder of a training run: summary.json, metrics.jsonl, checkpoints/, and for the report rdms.npz and categories.json; every file written atomically.</summary>
/// <remarks>
/// Checkpoints are safetensors weights (PyTorch parameter names) plus the optimizer state (SGD's momentum buffers, Adam's
/// moments and step) in TorchSharp's uncompressed format; runs written before that keep PyTorch's pickle (`.optimizer.pt`), still read. A new epoch's files are written first and summary.json (the commit point) last, so a run killed at any
/// moment resumes from the last epoch whose summary was written.
/// </remarks>
internal sealed class RunFolder
{
    /// <summary>Names the folder; nothing is created until <see cref="Create"/>.</summary>
    public RunFolder(string path) => Path = path;

    /// <summary>Names of the files and folders inside a run folder; defined here only, so the trainer, the report, the
    /// workflows and the CLI cannot disagree about the layout.</summary>
    public const string SummaryFile = "summary.json", MetricsFile = "metrics.jsonl", CheckpointsFolder = "checkpoints",
        BestWeightsFile = "best.safetensors", RdmsFile = "rdms.npz", CategoriesFile = "categories.json",
        ProfileFile = "profile.json", ReportFile = "report.html", TestRdmsFile = "test_rdms.npz";

    /// <summary>Creates the folder and its checkpoints/ subfolder, checking first that it can be written.</summary>
    /// <returns>True when this call created the folder (so <see cref="DeleteIfEmpty"/> may remove it again).</returns>
    public bool Create()
    {
        bool existed = Directory.Exists(Path);
        IO.OutputFile.CheckFolderWritable(Path);
        IO.OutputFile.CreateFolderWithin(Path, System.IO.Path.Combine(Path, CheckpointsFolder));
        return !existed;
    }

    /// <summary>Removes the folder when it holds no file (a run that failed before writing anything leaves nothing behind).</summary>
    public void DeleteIfEmpty()
    {
        try
        {
            if (Directory.Exists(Path) && !Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories).Any())
                Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (IO.OutputFile.IsWriteFailure(e)) { } // the failure that stopped the run is the one to report
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>summary.json.</summary>
    public string SummaryPath => System.IO.Path.Combine(Path, SummaryFile);

    /// <summary>metrics.jsonl: one line per finished epoch.</summary>
    public string MetricsPath => System.IO.Path.Combine(Path, MetricsFile);

    /// <summary>The weights of the best (layer, epoch) so far.</summary>
    public string BestWeightsPath => System.IO.Path.Combine(Path, CheckpointsFolder, BestWeightsFile);

    /// <summary>rdms.npz: RDMs of the held-out images in split.val order, square n x n: <see cref="TargetRdmName"/>,
    /// <see cref="BaselineRdmName"/> and <see cref="TrainedRdmName"/> (the layout <c>dissimnet report</c> reads).</summary>
    public string RdmsPath => System.IO.Path.Combine(Path, RdmsFile);

    /// <summary>test_rdms.npz: RDMs of the test images in split.test order, square n x n: <see cref="TestTargetRdmName"/>,
    /// <see cref="TestBaselineRdmName"/> (the pretrained network at the layer validation chose at epoch 0) and
    /// <see cref="TestSelectedRdmName"/> (the cell validation selected); only in runs with test images.</summary>
    public string TestRdmsPath => System.IO.Path.Combine(Path, TestRdmsFile);

    /// <summary>Array names in test_rdms.npz.</summary>
    public const string TestTargetRdmName = "target_test", TestBaselineRdmName = "baseline_selected", TestSelectedRdmName = "trained_selected";

    /// <summary>categories.json: one category name per held-out image, in split.val order.</summary>
    public string CategoriesPath => System.IO.Path.Combine(Path, CategoriesFile);

    /// <summary>profile.json: the layer profile before training on every image of the set (optional; <c>dissimnet demo</c> writes it).</summary>
    public string ProfilePath => System.IO.Path.Combine(Path, ProfileFile);

    /// <summary>report.html: where <c>dissimnet report</c> and <c>dissimnet demo</c> write the report by default.</summary>
    public string ReportPath => System.IO.Path.Combine(Path, ReportFile);

    /// <summary>Array names in rdms.npz: the validation target (mean over subjects, prepared as validation scores it),
    /// the network before training at its best layer, and the network at the best (layer, epoch) so far.</summary>
    public const string TargetRdmName = "target_val", BaselineRdmName = "baseline_best", TrainedRdmName = "trained_best";

    /// <summary>True when the folder already holds a run.</summary>
    public bool HasSummary => File.Exists(SummaryPath);

    /// <summary>Relative paths of one epoch's weights and optimizer state.</summary>
    /// <remarks>The state was once written with PyBridge's PyTorch pickle, whose zip entries are deflated: about 4 s an epoch for
    /// Adam's 100 MB of nearly incompressible moments, half of a demo's time. TorchSharp's own format writes the raw bytes.</remarks>
    public static (string Weights, string Optimizer) EpochFiles(int epoch) =>
        ($"{CheckpointsFolder}/epoch-{epoch:D4}.safetensors", $"{CheckpointsFolder}/epoch-{epoch:D4}.optimizer.bin");

    /// <summary>The extension of optimizer states written in PyTorch's pickle format, by runs from before the change above.</summary>
    const string PickledStateExtension = ".pt";

    /// <summary>Writes one epoch's weights and optimizer state.</summary>
    /// <remarks>Epoch 0 (before training) holds every parameter and is always kept; later epochs hold only the parameters
    /// that training may change, and are loaded on top of epoch 0. A frozen ResNet-18 trunk is then stored once, not every epoch.</remarks>
    public CheckpointRecord SaveEpoch(int epoch, nn.Module module, optim.Optimizer optimizer, CheckpointPrecision precision = CheckpointPrecision.Float32)
    {
        var (weights, state) = EpochFiles(epoch);
        var frozen = epoch == 0 ? [] : module.named_parameters().Where(p => !p.parameter.requires_grad).Select(p => p.name).ToList();
        var stored = epoch == 0 ? CheckpointPrecision.Float32 : precision; // epoch 0 is the starting network, kept exact
        WriteAtomically(Full(weights), temp => CheckpointTensors.Save(module, temp, frozen, stored));
        WriteAtomically(Full(state), temp => ((OptimizerHelper)optimizer).save_state_dict(temp));
        return new CheckpointRecord(epoch, weights, state);
    }

    /// <summary>Writes the current weights as the best so far.</summary>
    public void SaveBest(nn.Module module, CheckpointPrecision precision = CheckpointPrecision.Float32) =>
        WriteAtomically(BestWeightsPath, temp => CheckpointTensors.Save(module, temp, [], precision));

    /// <summary>Loads a checkpoint's weights and optimizer state.</summary>
    public void Load(CheckpointRecord checkpoint, nn.Module module, optim.Optimizer optimizer)
    {
        foreach (var file in new[] { checkpoint.Weights, checkpoint.Optimizer })
            if (!File.Exists(Full(file)))
                throw new DissimNetException($"{SummaryPath}: checkpoint file '{file}' of epoch {checkpoint.Epoch} is missing, so the run cannot resume");
        LoadEpochWeights(module, checkpoint.Weights);
        string state = Full(checkpoint.Optimizer);
        CheckpointFile.Read(state, () =>
        {
            if (!state.EndsWith(PickledStateExtension, StringComparison.Ordinal))
            {
                // Checked first: TorchSharp's reader creates missing state tensors with whatever type and shape the file declares.
                OptimizerStateFile.Check(state, optimizer);
                ((OptimizerHelper)optimizer).load_state_dict(state);
                return;
            }
            // Checked first, as weights files are: PyBridge sizes buffers from what the pickle declares. A failure is
            // reported like any damaged checkpoint, with the hint to resume from an earlier epoch.
            try { Networks.PyTorchFileCheck.Check(state); }
            catch (DissimNetException e) { throw new InvalidDataException(e.Message, e); }
            ((OptimizerHelper)optimizer).load_py(state);
        });
    }

    /// <summary>Every tensor of the epoch-0 checkpoint: the network the run started from, stored exact (float32) and always kept.</summary>
    public Dictionary<string, Tensor> ReadStartingWeights()
    {
        var start = EpochFiles(0).Weights;
        if (!File.Exists(Full(start)))
            throw new DissimNetException($"{SummaryPath}: checkpoint file '{start}' (the starting weights) is missing, so the run cannot resume");
        Dictionary<string, Tensor> state = [];
        CheckpointFile.Read(Full(start), () => state = Safetensors.LoadStateDict(Full(start)));
        return state;
    }

    /// <summary>The run's summary; a folder without one is not a training run.</summary>
    public TrainingSummary ReadSummary()
    {
        if (!HasSummary) throw new DissimNetException($"{Path}: not a training run folder (no {SummaryFile}, which every training run writes)");
        return TrainingSummary.Load(SummaryPath);
    }

    /// <summary>Loads the best weights (or, when <paramref name="best"/> is false or there is no best file, the last epoch's) of a finished or interrupted run.</summary>
    /// <returns>The summary of the run, which names the best layer.</returns>
    public TrainingSummary LoadWeights(nn.Module module, bool best = true)
    {
        var summary = ReadSummary();
        if (best && File.Exists(BestWeightsPath))
        {
            CheckpointFile.LoadWeights(module, BestWeightsPath);
            return summary;
        }
        var last = summary.Checkpoint ?? throw new DissimNetException($"{SummaryPath}: names no checkpoint");
        if (!File.Exists(Full(last.Weights))) throw new DissimNetException($"{Full(last.Weights)}: checkpoint file not found");
        LoadEpochWeights(module, last.Weights);
        return summary;
    }

    /// <summary>Loads the weights after <paramref name="epoch"/> (0 = before training is the network's own weights and is
    /// not stored); the best epoch's weights are always kept, other epochs only with <c>--keep all</c> or when last.</summary>
    public TrainingSummary LoadWeights(nn.Module module, int epoch)
    {
        var summary = ReadSummary();
        var relative = EpochFiles(epoch).Weights;
        if (File.Exists(Full(relative)))
            LoadEpochWeights(module, relative);
        else if (summary.Best?.Epoch == epoch && File.Exists(BestWeightsPath))
            CheckpointFile.LoadWeights(module, BestWeightsPath);
        else
        {
            var kept = Directory.Exists(Full(CheckpointsFolder))
                ? Directory.EnumerateFiles(Full(CheckpointsFolder), "epoch-*.safetensors")
                    .Select(f => int.TryParse(System.IO.Path.GetFileNameWithoutExtension(f)["epoch-".Length..], out int e) ? e : -1)
                    .Where(e => e >= 0).Order().ToArray()
                : [];
            throw new DissimNetException($"{Path}: no checkpoint of epoch {epoch} (kept: {(kept.Length == 0 ? "none" : string.Join(", ", kept))}"
                + $"{(summary.Best is { } b ? $", best = {b.Epoch}" : "")}); keep all checkpoints when training to keep every epoch");
        }
        return summary;
    }

    /// <summary>Commits an epoch: summary.json, then metrics.jsonl rewritten from it.</summary>
    public void WriteSummary(TrainingSummary summary)
    {
        WriteAtomically(SummaryPath, temp => File.WriteAllText(temp, summary.ToJson()));
        var compact = new JsonSerializerOptions(TrainingSummary.Json) { WriteIndented = false };
        var lines = summary.Epochs.Select(e => JsonSerializer.Serialize(e, compact));
        WriteAtomically(MetricsPath, temp => File.WriteAllLines(temp, lines));
    }

    /// <summary>Writes rdms.npz from row-major n x n matrices or n(n-1)/2 vectors (stored as n x n); a null RDM is left out.</summary>
    public void WriteHeldOutRdms(double[] target, double[]? baseline, double[]? trained) =>
        WriteRdms(RdmsPath, (TargetRdmName, target), (BaselineRdmName, baseline), (TrainedRdmName, trained));

    /// <summary>Writes test_rdms.npz (the test target, the pretrained and the selected cell's RDMs), as <see cref="WriteHeldOutRdms"/> writes rdms.npz.</summary>
    public void WriteTestRdms(double[] target, double[]? baseline, double[]? selected) =>
        WriteRdms(TestRdmsPath, (TestTargetRdmName, target), (TestBaselineRdmName, baseline), (TestSelectedRdmName, selected));

    void WriteRdms(string path, params (string Name, double[]? Rdm)[] rdms)
    {
        int n = (int)Math.Round(Math.Sqrt(rdms[0].Rdm!.Length));
        var arrays = new List<KeyValuePair<string, IO.NdArray>>();
        foreach (var (name, rdm) in rdms)
            if (rdm is not null)
                arrays.Add(new(name, new IO.NdArray([n, n], rdm.Length == n * n ? rdm : Rdms.SquareForm.ToSquare(rdm))));
        WriteAtomically(path, temp => IO.Npz.Write(temp, arrays, compress: true));
    }

    /// <summary>One RDM of rdms.npz as a row-major n x n matrix, or null when the file or the array is missing.</summary>
    public double[]? ReadHeldOutRdm(string name) => ReadRdm(RdmsPath, name);

    /// <summary>One RDM of test_rdms.npz as a row-major n x n matrix, or null when the file or the array is missing.</summary>
    public double[]? ReadTestRdm(string name) => ReadRdm(TestRdmsPath, name);

    static double[]? ReadRdm(string path, string name)
    {
        if (!File.Exists(path)) return null;
        foreach (var (key, array) in IO.Npz.Read(path))
            if (key == name) return array.ToDoubleArray();
        return null;
    }

    /// <summary>Writes categories.json.</summary>
    public void WriteCategories(IReadOnlyList<string> categories) =>
        WriteAtomically(CategoriesPath, temp => File.WriteAllText(temp, JsonSerializer.Serialize(categories)));

    /// <summary>Reads categories.json, or null when the run wrote none; throws <see cref="DissimNetException"/> when it is malformed.</summary>
    public string[]? ReadCategories()
    {
        if (!File.Exists(CategoriesPath)) return null;
        try { return JsonSerializer.Deserialize<string[]>(IO.FileBytes.ReadText(CategoriesPath, "a list of category names")); }
        catch (JsonException e) { throw new DissimNetException($"{CategoriesPath}: expected a JSON array of category names ({e.Message})", e); }
    }

    /// <summary>Deletes epoch checkpoints the keep policy no longer needs (the committed one always stays).</summary>
    public void Prune(CheckpointKeep keep, int committedEpoch)
    {
        if (keep == CheckpointKeep.All) return;
        var (keepWeights, keepState) = EpochFiles(committedEpoch);
        var start = EpochFiles(0).Weights; // later epochs are stored on top of it
        foreach (var file in Directory.EnumerateFiles(Full(CheckpointsFolder), "epoch-*"))
        {
            var name = CheckpointsFolder + "/" + System.IO.Path.GetFileName(file);
            if (name != keepWeights && name != keepState && name != start) File.Delete(file);
        }
    }

    /// <summary>Loads an epoch's weights: epoch 0 first when the file holds only the trained parameters.</summary>
    void LoadEpochWeights(nn.Module module, string relativeWeights)
    {
        var start = EpochFiles(0).Weights;
        if (relativeWeights == start) CheckpointFile.LoadWeights(module, Full(relativeWeights));
        else if (File.Exists(Full(start)))
        {
            CheckpointFile.LoadWeights(module, Full(start));
            CheckpointFile.LoadWeights(module, Full(relativeWeights), strict: false);
        }
        else
        {
            // Without epoch 0 a later epoch loads only if it holds every parameter (nothing was frozen); otherwise the file
            // at fault is the missing one, not the later epoch that cannot be read alone.
            try { CheckpointFile.LoadWeights(module, Full(relativeWeights)); }
            catch (DissimNetException e)
            {
                throw new DissimNetException($"{Full(start)}: checkpoint file is missing, and {relativeWeights} holds only the trained parameters "
                    + "that are stored on top of it, so the weights cannot be rebuilt; train the run again", e);
            }
        }
    }

    string Full(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes through a temporary file in the same folder and renames it over the target (removing it on failure).</summary>
    void WriteAtomically(string path, Action<string> write) => IO.OutputFile.Write(path, write, within: Path);
}
