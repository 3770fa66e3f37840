using DissimNet.Rdms;
using DissimNet.Statistics;
using DissimNet.Training;

namespace DissimNet.Workflows;

/// <summary>A cross-validation fold trained as an ensemble: several runs differing only in their seed, each choosing its own
/// layer and epoch on validation, scored through the mean of their selected RDMs.</summary>
/// <remarks>
/// Averaging RDMs (not scores) makes the ensemble one model whose test RDM is scored exactly as a single run's. The members'
/// selected RDMs are read from their run folders (test_rdms.npz <c>trained_selected</c>, rdms.npz <c>trained_best</c>), as
/// each run saved them when it chose its cell; nothing is recomputed. The pretrained network is the members' common starting
/// network, so its scores are the first member's.
/// </remarks>
internal static class FoldEnsemble
{
    /// <summary>The run folder of <paramref name="member"/> (1-based) of a fold, relative to the cross-validation folder:
    /// fold-NN for a single run per fold (the layout without ensembles), fold-NN/member-MM otherwise.</summary>
    public static string MemberFolder(CrossValidationFold fold, int member, int ensemble) =>
        ensemble == 1 ? fold.FolderName : Path.Combine(fold.FolderName, $"member-{member:D2}");

    /// <summary>The training seed of <paramref name="member"/> (1-based): seed, seed + 1, ...</summary>
    public static int MemberSeed(int seed, int member) => unchecked(seed + member - 1);

    /// <summary>The fold's record with the ensemble as its trained model and the members' own scores, and the RDMs for the
    /// bootstrap; null while any member is unfinished.</summary>
    public static (FoldRecord Record, FoldTestRdms? Rdms)? Gather(ImageSetWithRdms set, TargetTransform transform, CrossValidationFold fold,
        int ensemble, int seed, string outFolder, IRdmScorer scorer)
    {
        var members = new List<(RunFolder Run, FoldRecord Record, FoldTestRdms? Rdms, string Folder)>();
        for (int member = 1; member <= ensemble; member++)
        {
            var folder = MemberFolder(fold, member, ensemble);
            var run = new RunFolder(Path.Combine(outFolder, folder));
            if (!run.HasSummary) return null;
            var summary = run.ReadSummary();
            if (!summary.Complete) return null;
            if (summary.Settings is { } trained && trained.Seed != MemberSeed(seed, member))
                throw new DissimNetException($"{run.SummaryPath}: trained with seed {trained.Seed}, member {member} of this plan uses {MemberSeed(seed, member)}; use another output folder");
            var (memberRecord, rdms) = CrossValidationWorkflow.Record(set, transform, fold, run, summary, scorer);
            members.Add((run, memberRecord, rdms, folder));
        }
        var testRdms = members.Select(m => m.Rdms?.Trained
            ?? throw new DissimNetException($"{m.Run.TestRdmsPath}: lacks the selected cell's test RDM the ensemble averages")).ToList();
        var valRdms = members.Select(m => m.Run.ReadHeldOutRdm(RunFolder.TrainedRdmName) is { } square
            ? Rdm.FromSquare(square, fold.Split.Val.Length) : null).ToList();
        var testSubjects = members[0].Rdms!.Subjects;
        var valSubjects = TargetPreparation.PerSubject(RdmSubsets.SelectConditions(set.Rdms, fold.Split.Val), transform, set.Source);
        var test = Mean(testRdms);
        double val = valRdms.All(r => r is not null) ? scorer.Score(Mean(valRdms!), valSubjects) : double.NaN;
        var first = members[0].Record;
        string cells = string.Join(", ", members.Select(m => $"{m.Record.Trained.Layer}@{m.Record.Trained.Epoch}"));
        var record = first with
        {
            Folder = fold.FolderName,
            // Epoch 0 stands for no single epoch: each member chose its own (listed in the layer text and in Members).
            Trained = new CellRecord($"ensemble of {ensemble}: {cells}", 0, val, scorer.Score(test, testSubjects)),
            TrainedPerSubject = Enumerable.Range(0, testSubjects.Count).Select(s => scorer.Score(test, testSubjects.Select([s]))).ToArray(),
            Seconds = Math.Round(members.Sum(m => m.Record.Seconds), 1),
            Members = members.Select((m, i) => new EnsembleMemberRecord
            {
                Member = i + 1,
                Seed = MemberSeed(seed, i + 1),
                Folder = m.Folder,
                Trained = m.Record.Trained,
                TrainedPerSubject = m.Record.TrainedPerSubject,
            }).ToList(),
        };
        return (record, members[0].Rdms! with { Trained = test });
    }

    /// <summary>The element-wise mean of RDMs over the same images.</summary>
    public static Rdm Mean(IReadOnlyList<Rdm> rdms)
    {
        var sum = new double[rdms[0].Vector.Length];
        foreach (var rdm in rdms)
            for (int k = 0; k < sum.Length; k++) sum[k] += rdm.Vector[k];
        return new Rdm(sum.Select(v => v / rdms.Count).ToArray());
    }
}
