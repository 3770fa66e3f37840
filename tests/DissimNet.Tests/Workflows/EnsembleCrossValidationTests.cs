using DissimNet.Rdms;
using DissimNet.Tests.Training;
using DissimNet.Training;
using DissimNet.Workflows;

namespace DissimNet.Tests.Workflows;

/// <summary>Cross-validation with several training runs per fold: the ensemble scores the mean of its members' saved test RDMs.</summary>
public sealed class EnsembleCrossValidationTests() : TempFolderTests("crossval-ensemble")
{
    // The cross-validation tests' images, subjects and settings.
    static ImageSetWithRdms Set() => CrossValidationTests.Set();

    static TrainingSettings Settings() => CrossValidationTests.Settings();

    static CrossValidationRequest Plan(int ensemble) => new() { Folds = 2, Repeats = 1, HoldoutFraction = 1.0 / 3, Resamples = 100, Ensemble = ensemble };

    CrossValidationResult Run(string name, int ensemble, IProgressSink? progress = null) =>
        CrossValidationWorkflow.RunFolds(Set(), Settings(), TargetTransform.ZScore, null, Plan(ensemble), Path.Combine(TempRoot, name),
            () => new TinyConvNet(seed: 21), new RsaScorer(), progress);

    [Fact]
    public void EnsembleScoresTheMeanOfItsMembersSavedRdmsAndMemberOneIsTheSingleRun()
    {
        var single = Run("single", 1);
        var result = Run("ensemble", 3);
        var set = Set();
        var folds = CrossValidationFolds.Plan("s", CrossValidationTests.Count, 2, 1, 1.0 / 3, Settings().Seed);
        Assert.True(result.Complete);
        Assert.Equal(3, result.Ensemble);
        bool membersDiffer = false;
        foreach (var (fold, record) in folds.Zip(result.FoldResults))
        {
            Assert.Equal([4, 5, 6], record.Members!.Select(m => m.Seed));
            var runs = record.Members!.Select(m => new RunFolder(Path.Combine(TempRoot, "ensemble", m.Folder))).ToArray();
            Assert.Equal([4, 5, 6], runs.Select(r => r.ReadSummary().Settings!.Seed));
            foreach (var split in runs.Select(r => r.ReadSummary().Split))
            {
                Assert.Equal(fold.Split.Train, split.Train);
                Assert.Equal(fold.Split.Val, split.Val);
                Assert.Equal(fold.Split.Test, split.Test);
            }

            // Independently: average the members' saved selected RDMs and score them against freshly prepared subjects.
            double[] MeanOf(Func<RunFolder, double[]?> read, int n)
            {
                var squares = runs.Select(r => read(r)!).ToArray();
                return Rdm.FromSquare(Enumerable.Range(0, n * n).Select(k => squares.Average(s => s[k])).ToArray(), n).Vector;
            }
            var testSubjects = TargetPreparation.PerSubject(RdmSubsets.SelectConditions(set.Rdms, fold.Split.Test), TargetTransform.ZScore, set.Source);
            var valSubjects = TargetPreparation.PerSubject(RdmSubsets.SelectConditions(set.Rdms, fold.Split.Val), TargetTransform.ZScore, set.Source);
            var saved = runs.Select(r => r.ReadTestRdm(RunFolder.TestSelectedRdmName)!).ToArray();
            membersDiffer |= saved.Skip(1).Any(v => !v.SequenceEqual(saved[0]));
            var test = new Rdm(MeanOf(r => r.ReadTestRdm(RunFolder.TestSelectedRdmName), fold.Split.Test.Length));
            var val = new Rdm(MeanOf(r => r.ReadHeldOutRdm(RunFolder.TrainedRdmName), fold.Split.Val.Length));
            Assert.Equal(new RsaScorer().Score(test, testSubjects), record.Trained.Test, 12);
            Assert.Equal(new RsaScorer().Score(val, valSubjects), record.Trained.Val, 12);
            Assert.Equal(record.Trained.Test, record.TrainedPerSubject.Average(), 12);

            // Member 1 has the single run's seed and images, so it is that run; the pretrained network is shared.
            var alone = single.FoldResults[fold.Number - 1];
            Assert.Null(alone.Members);
            Assert.Equal(alone.Trained, record.Members![0].Trained);
            Assert.Equal(alone.Pretrained, record.Pretrained);
            Assert.Equal(alone.PretrainedPerSubject, record.PretrainedPerSubject);
        }
        // The seeds reach training: in some fold the members' selected test RDMs differ.
        Assert.True(membersDiffer, "every fold's members saved identical test RDMs");
        // The statistics use the ensemble's scores.
        Assert.Equal(result.FoldResults.Average(f => f.Trained.Test), result.Trained!.Mean, 12);
        // Without an ensemble the fold folders are the run folders, as before.
        Assert.True(new RunFolder(Path.Combine(TempRoot, "single", "fold-01")).HasSummary);
        Assert.True(new RunFolder(Path.Combine(TempRoot, "ensemble", "fold-01", "member-02")).HasSummary);

        // Rerunning skips every finished member and gives the same numbers.
        var notes = new RecordingProgress();
        var again = Run("ensemble", 3, notes);
        Assert.Equal(6, notes.Notes.Count(n => n.EndsWith("finished earlier, skipped", StringComparison.Ordinal)));
        Assert.Equal(result.FoldResults.Select(f => f.Trained), again.FoldResults.Select(f => f.Trained));
        Assert.Equal(result.Gain, again.Gain);
    }

    [Fact]
    public void EnsembleBelowOneAndAnotherEnsembleSizeInTheSameFolderAreRefused()
    {
        Assert.Contains("Ensemble", Assert.Throws<SettingException>(() => Run("zero", 0)).Settings);
        // No fold to run: only the plan is written and checked.
        CrossValidationResult PlanOnly(int ensemble) => CrossValidationWorkflow.RunFolds(Set(), Settings(), TargetTransform.ZScore, null,
            Plan(ensemble) with { OnlyFolds = [] }, Path.Combine(TempRoot, "plan"), () => new TinyConvNet(seed: 21), new RsaScorer());
        PlanOnly(2);
        PlanOnly(2);
        Assert.Throws<SettingException>(() => PlanOnly(3));

        // A plan written before ensembles existed (no "ensemble" entry) continues as an ensemble of 1.
        var path = Path.Combine(TempRoot, "plan", CrossValidationWorkflow.PlanFile);
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(node.Remove("ensemble"));
        Directory.CreateDirectory(Path.Combine(TempRoot, "old"));
        File.WriteAllText(Path.Combine(TempRoot, "old", CrossValidationWorkflow.PlanFile), node.ToJsonString());
        CrossValidationResult OldPlan(int ensemble) => CrossValidationWorkflow.RunFolds(Set(), Settings(), TargetTransform.ZScore, null,
            Plan(ensemble) with { OnlyFolds = [] }, Path.Combine(TempRoot, "old"), () => new TinyConvNet(seed: 21), new RsaScorer());
        OldPlan(1);
        Assert.Throws<SettingException>(() => OldPlan(2));
    }
}
