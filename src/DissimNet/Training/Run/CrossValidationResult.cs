using System.Text.Json;
using DissimNet.Statistics;

namespace DissimNet.Training;

/// <summary>The contents of crossval.json: the plan, one record per finished fold, and the statistics over folds.</summary>
/// <remarks>Written after every finished fold (then <see cref="Complete"/> is false and the statistics cover the finished folds).</remarks>
public sealed class CrossValidationResult
{
    /// <summary>Name of the image set.</summary>
    public string Set { get; set; } = "";
    /// <summary>Number of images of the set.</summary>
    public int Images { get; set; }
    /// <summary>Folds per repeat (k).</summary>
    public int Folds { get; set; }
    /// <summary>Repeats.</summary>
    public int Repeats { get; set; }
    /// <summary>Fraction of a fold's non-test images held out for validation.</summary>
    public double HoldoutFraction { get; set; }
    /// <summary>How scores are computed (e.g. "mean Spearman over subjects").</summary>
    public string ScoreMethod { get; set; } = "";
    /// <summary>How each fold chose its layer and epoch, in words.</summary>
    public string Selection { get; set; } = TestScores.SelectionText;
    /// <summary>The mean over folds of n_test / n_train (training plus validation images), used by the corrected t-test.</summary>
    public double TestToTrainRatio { get; set; }
    /// <summary>The finished folds, in plan order.</summary>
    public List<FoldRecord> FoldResults { get; set; } = [];
    /// <summary>True once every fold of the plan has finished.</summary>
    public bool Complete { get; set; }
    /// <summary>Test score of the trained network (cell chosen on validation) over folds; null with fewer than 2 finished folds.</summary>
    public FoldSummary? Trained { get; set; }
    /// <summary>Test score of the pretrained network (layer chosen on validation) over folds.</summary>
    public FoldSummary? Pretrained { get; set; }
    /// <summary>Trained minus pretrained per fold: its corrected t-test (p-value) and intervals.</summary>
    public FoldSummary? Gain { get; set; }
    /// <summary>The plain paired t-test of the gain over folds, which treats overlapping folds as independent (too confident; for reference).</summary>
    public TTestResult? GainPlainTTest { get; set; }
    /// <summary>Mean over folds of the test images' lower and upper noise ceiling.</summary>
    public CeilingRecord? NoiseCeiling { get; set; }
    /// <summary>The training settings every fold used.</summary>
    public TrainingSettings? Settings { get; set; }
    /// <summary>Training runs per fold; above 1, each fold's trained scores are those of its members' averaged RDMs.</summary>
    public int Ensemble { get; set; } = 1;

    /// <summary>Serialises to indented JSON (the summary's conventions: snake_case, NaN as null).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TrainingSummary.Json);

    /// <summary>Reads crossval.json; throws <see cref="DissimNetException"/> when it is not one.</summary>
    public static CrossValidationResult Load(string path)
    {
        try
        {
            var result = JsonSerializer.Deserialize<CrossValidationResult>(IO.FileBytes.ReadText(path, "a cross-validation result"), TrainingSummary.Json)
                ?? throw new DissimNetException($"{path}: empty cross-validation result");
            if (result.FoldResults is null || result.FoldResults.Any(f => f?.Trained is null || f.Pretrained is null))
                throw new DissimNetException($"{path}: damaged cross-validation result: a fold record lacks its scores");
            return result;
        }
        catch (JsonException e)
        {
            throw new DissimNetException($"{path}: not a DissimNet cross-validation result ({e.Message})", e);
        }
    }
}

/// <summary>One finished fold: its images, the selected and the pretrained cell with their test scores, per subject too, and the test ceiling.</summary>
public sealed record FoldRecord
{
    public int Number { get; init; }
    public int Repeat { get; init; }
    public int Fold { get; init; }
    /// <summary>The fold's run folder, relative to the cross-validation folder.</summary>
    public string Folder { get; init; } = "";
    public int[] Train { get; init; } = [];
    public int[] Val { get; init; } = [];
    public int[] Test { get; init; } = [];
    /// <summary>The trained network at the cell chosen on validation.</summary>
    public CellRecord Trained { get; init; } = null!;
    /// <summary>The pretrained network (epoch 0) at the layer chosen on validation.</summary>
    public CellRecord Pretrained { get; init; } = null!;
    /// <summary>Test score of the trained network per subject (their mean is <see cref="Trained"/>'s test score).</summary>
    public double[] TrainedPerSubject { get; init; } = [];
    /// <summary>Test score of the pretrained network per subject.</summary>
    public double[] PretrainedPerSubject { get; init; } = [];
    /// <summary>Noise ceiling of the fold's test images.</summary>
    public CeilingRecord? NoiseCeiling { get; init; }
    /// <summary>Wall time of the fold's epochs.</summary>
    public double Seconds { get; init; }
    /// <summary>The ensemble's runs with their own selected cells and test scores; null for a single run per fold.</summary>
    public List<EnsembleMemberRecord>? Members { get; init; }
}

/// <summary>One run of a fold's ensemble: its seed, its run folder, its cell chosen on validation with its own scores.</summary>
public sealed record EnsembleMemberRecord
{
    /// <summary>1-based member number.</summary>
    public int Member { get; init; }
    /// <summary>The member's training seed.</summary>
    public int Seed { get; init; }
    /// <summary>The member's run folder, relative to the cross-validation folder.</summary>
    public string Folder { get; init; } = "";
    /// <summary>The member's own cell chosen on validation, with its validation and test scores.</summary>
    public CellRecord Trained { get; init; } = null!;
    /// <summary>The member's own test score per subject.</summary>
    public double[] TrainedPerSubject { get; init; } = [];
}
