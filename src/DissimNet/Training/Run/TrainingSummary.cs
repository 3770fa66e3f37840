using System.Text.Json;
using System.Text.Json.Serialization;

namespace DissimNet.Training;

/// <summary>The contents of summary.json: settings, split, scores before and after every epoch, the best (layer, epoch) and where the last checkpoint is.</summary>
/// <remarks>Written atomically after every epoch; it is also the commit point a resumed run starts from.</remarks>
public sealed class TrainingSummary
{
    /// <summary>Network architecture.</summary>
    public string Architecture { get; set; } = "";

    /// <summary>The trained layer, named as in the score maps: as requested in the candidate layers when it is one of them, else canonical.</summary>
    public string TrainLayer { get; set; } = "";

    /// <summary>How validation RDMs are scored (e.g. "mean Spearman over subjects").</summary>
    public string ScoreMethod { get; set; } = "";

    /// <summary>Training and validation image indices.</summary>
    public SplitRecord Split { get; set; } = new();

    /// <summary>The training image sets.</summary>
    public List<SetRecord> Data { get; set; } = [];

    /// <summary>Validation images and subjects.</summary>
    public ValidationRecord Validation { get; set; } = new();

    /// <summary>Noise ceiling of the validation target, when it has 3 or more subjects.</summary>
    public CeilingRecord? NoiseCeiling { get; set; }

    /// <summary>The test images' scores and the unbiased result (see <see cref="TestRecord"/>); null when the run has no test images.</summary>
    public TestRecord? Test { get; set; }

    /// <summary>Parameters left fixed.</summary>
    public List<string> FrozenParameters { get; set; } = [];

    /// <summary>Number of trained parameter tensors and scalars.</summary>
    public long TrainedScalars { get; set; }

    /// <summary>The layer whose activations were cached (everything up to it frozen), or null.</summary>
    public string? CachedPrefix { get; set; }

    /// <summary>Validation score per candidate layer before training, keyed by the layer names as requested (canonical names when every layer is scored).</summary>
    public Dictionary<string, double> Baseline { get; set; } = [];

    /// <summary>One record per finished epoch.</summary>
    public List<EpochRecord> Epochs { get; set; } = [];

    /// <summary>The best validation score over layers and epochs (epoch 0 is the untrained network); null while no layer has had a score.</summary>
    public BestRecord? Best { get; set; }

    /// <summary>Validation score per layer after the last finished epoch.</summary>
    public Dictionary<string, double> Final { get; set; } = [];

    /// <summary>Files of the last finished epoch, for resuming.</summary>
    public CheckpointRecord? Checkpoint { get; set; }

    /// <summary>True once every epoch has finished.</summary>
    public bool Complete { get; set; }

    /// <summary>The convolution path the run started on and why (see <see cref="Networks.Runtime.ConvolutionGuard"/>).</summary>
    public string? Convolutions { get; set; }

    /// <summary>The device the run last trained on (cpu, cuda:0); not a setting, a resumed run may change it.</summary>
    public string? Device { get; set; }

    /// <summary>CPU threads libtorch used in the latest session of the run (a property of the machine, not a setting: a resume may differ).</summary>
    public int? Threads { get; set; }

    /// <summary>The settings the run used.</summary>
    public TrainingSettings? Settings { get; set; }

    /// <summary>The read-out's weights fitted before training (epoch 0); null without <c>--readout</c>. Later epochs' are in each epoch's record.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReadoutRecord? BaselineReadout { get; set; }

    /// <summary>The read-out's weights after <paramref name="epoch"/> (0: before training), or null when the run fitted none then.</summary>
    public ReadoutRecord? ReadoutOf(int epoch) => epoch == 0 ? BaselineReadout : epoch <= Epochs.Count ? Epochs[epoch - 1].Readout : null;

    /// <summary>The last epoch trained when early stopping (<see cref="EarlyStopping"/>) ended the run before its
    /// last epoch; null when every epoch ran or the run goes on. Such a run is complete.</summary>
    public int? StoppedEarlyAfter { get; set; }

    /// <summary>JSON options shared by summary.json and metrics.jsonl: an undefined score (NaN) is written as null and read back as NaN.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new UndefinedAsNullConverter(), new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Serialises to indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads summary.json; throws <see cref="DissimNetException"/> when it is not a training summary or is damaged
    /// (see <see cref="TrainingSummaryCheck"/>).</summary>
    public static TrainingSummary Load(string path)
    {
        try
        {
            var summary = JsonSerializer.Deserialize<TrainingSummary>(IO.FileBytes.ReadText(path, "a training summary"), Json)
                ?? throw new DissimNetException($"{path}: empty training summary");
            TrainingSummaryCheck.Validate(summary, path);
            return summary;
        }
        catch (JsonException e)
        {
            throw new DissimNetException($"{path}: not a DissimNet training summary ({e.Message})", e);
        }
    }
}

/// <summary>Image indices used for training, validation and test; <see cref="Set"/> is the set that was split, or null when validation images are separate (then <see cref="Train"/> is empty: every training image trains).</summary>
public sealed record SplitRecord
{
    public string? Set { get; init; }
    public int[] Train { get; init; } = [];
    public int[] Val { get; init; } = [];
    /// <summary>Test image indices of the split set (empty without a test split, or when the test images are separate).</summary>
    public int[] Test { get; init; } = [];
}

/// <summary>The test images and their scores: the layer and epoch are chosen on the validation images only, and the test images
/// report how well that choice does on images no choice has seen.</summary>
public sealed record TestRecord
{
    /// <summary>Number of test images.</summary>
    public int Images { get; init; }
    /// <summary>Number of subjects of the test target.</summary>
    public int Subjects { get; init; }
    /// <summary>Where the test target came from.</summary>
    public string Source { get; init; } = "";
    /// <summary>How the reported cells were chosen, in words.</summary>
    public string Selection { get; init; } = TestScores.SelectionText;
    /// <summary>Noise ceiling of the test target, when it has 3 or more subjects.</summary>
    public CeilingRecord? NoiseCeiling { get; init; }
    /// <summary>Test score per candidate layer before training (epoch 0); the test scores of later epochs are in each epoch's record.</summary>
    public Dictionary<string, double> Baseline { get; init; } = [];
    /// <summary>The cell selected on validation (the run's best): its validation score and its test score, the unbiased number.</summary>
    public CellRecord? Selected { get; set; }
    /// <summary>The pretrained network (epoch 0) at the layer the validation images choose at epoch 0, with its test score.</summary>
    public CellRecord? Pretrained { get; set; }
    /// <summary>The highest test score over every layer and epoch: chosen on the test images themselves, so optimistic.</summary>
    public CellRecord? BestTestCellOptimistic { get; set; }
}

/// <summary>One (layer, epoch) cell with its validation and test scores.</summary>
public sealed record CellRecord(string Layer, int Epoch, double Val, double Test);

/// <summary>A training image set: name, images, pairs and target source.</summary>
public sealed record SetRecord(string Name, int Images, int Pairs, string Source);

/// <summary>The validation images and subjects.</summary>
public sealed record ValidationRecord
{
    public int Images { get; init; }
    public int Subjects { get; init; }
    public string Source { get; init; } = "";
}

/// <summary>Lower and upper noise ceiling.</summary>
public sealed record CeilingRecord(double Lower, double Upper);

/// <summary>One finished epoch: mean training loss over its pairs, validation score per layer (also divided by the lower noise ceiling, as <c>dissimnet rdm</c> reports it) and wall time.</summary>
public sealed record EpochRecord
{
    public int Epoch { get; init; }
    public double TrainLoss { get; init; }
    /// <summary>The learning rate the epoch trained with (a resumed run may change it); null in runs written before it was recorded.</summary>
    public double? LearningRate { get; init; }
    public Dictionary<string, double> Val { get; init; } = [];
    public Dictionary<string, double>? ValRelative { get; init; }
    /// <summary>Test score per layer after this epoch, when the run has test images (reported only, never used for a choice).</summary>
    public Dictionary<string, double>? Test { get; init; }
    /// <summary>Wall time of the whole epoch, validation included.</summary>
    public double Seconds { get; init; }
    /// <summary>Wall time of the training steps alone.</summary>
    public double TrainSeconds { get; init; }
    /// <summary>The read-out's weights fitted on the training images after this epoch; null without <c>--readout</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReadoutRecord? Readout { get; init; }
}

/// <summary>The best (layer, epoch) and its score.</summary>
public sealed record BestRecord(string Layer, int Epoch, double Score);

/// <summary>Checkpoint files of the last finished epoch, relative to the output folder.</summary>
public sealed record CheckpointRecord(int Epoch, string Weights, string Optimizer);
