using System.Text.Json;
using DissimNet.Statistics;
using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Tests.Cli;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Statistics;

/// <summary>A subject whose RDM is entirely NaN is left out of the score table and the noise ceiling alike, with a warning naming it.</summary>
public sealed class EmptySubjectTests() : TempFolderTests("empty-subject")
{
    const int Empty = 5;

    /// <summary>The 8 human IT session RDMs as a float32 .npy with session 6 (index 5) entirely NaN.</summary>
    string SessionsWithOneEmpty()
    {
        var sessions = DataSpec.LoadArray(BrainRdms);
        var values = (float[])((float[])sessions.Data).Clone();
        Array.Fill(values, float.NaN, Empty * 92 * 92, 92 * 92);
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "sessions.npy");
        Npy.Write(path, new NdArray(sessions.Shape, values, ElementType.Single));
        return path;
    }

    [Fact]
    public void ScoreAndCeilingBothLeaveTheSubjectOutWithOneWarning()
    {
        var path = SessionsWithOneEmpty();
        var notes = new RecordingProgress();
        var model = RdmFiles.LoadStack(Supplemental("RDMs_mIT_hIT_fig1.RDM"))[0];
        var score = ModelEvaluation.Score(model, RdmFiles.LoadStack(path), new ScoreOptions(), notes, "mIT", path);

        Assert.Equal([$"{path}: the RDM of subject 6 of 8 (index 5) is entirely NaN; it is left out of the scores and the noise ceiling"], notes.Notes);
        Assert.Equal([Empty], score.ExcludedSubjects);
        Assert.Equal([0, 1, 2, 3, 4, 6, 7], score.SubjectIndices);
        var expected = Numbers("hIT_sessions", "mIT_spearman_per_rdm").Where((_, k) => k != Empty).ToArray();
        Assert.Equal(7, score.PerSubject.Length);
        for (int k = 0; k < 7; k++) Close(expected[k], score.PerSubject[k]);
        Close(expected.Average(), score.Mean);

        // The ceiling is that of the 7 sessions with data, as the table counts them.
        var others = NoiseCeiling.Compute(RdmFiles.LoadStack(BrainRdms).Select([0, 1, 2, 3, 4, 6, 7]));
        Assert.Equal(others, score.NoiseCeiling);
        Assert.Equal(others, NoiseCeiling.Compute(RdmFiles.LoadStack(path)));
    }

    [Fact]
    public void ScoreAndNoiseCeilingCommandsCountSevenSubjects()
    {
        var path = SessionsWithOneEmpty();
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", Supplemental("RDMs_mIT_hIT_fig1.RDM") + "[0]", "--target", path, "--bootstrap", "0", "--json");
        Assert.True(exit == 0, stderr);
        Assert.Contains("subject 6 of 8 (index 5) is entirely NaN", stderr);
        var score = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(7, score.GetProperty("n_subjects").GetInt32());
        Assert.Equal([Empty], score.GetProperty("excluded_subject_indices").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(JsonValueKind.Number, score.GetProperty("mean").ValueKind);

        (exit, stdout, stderr) = CliHarness.Run("noise-ceiling", "--target", path, "--json");
        Assert.True(exit == 0, stderr);
        Assert.Contains("subject 6 of 8 (index 5) is entirely NaN", stderr);
        var ceiling = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(7, ceiling.GetProperty("n_subjects").GetInt32());
        Assert.Equal(score.GetProperty("noise_ceiling").GetProperty("lower").GetDouble(), ceiling.GetProperty("lower").GetDouble());

        (exit, stdout, _) = CliHarness.Run("score", "--model", Supplemental("RDMs_mIT_hIT_fig1.RDM") + "[0]", "--target", path, "--bootstrap", "0");
        Assert.Equal(0, exit);
        Assert.Contains("7 (subject 6 left out: entirely NaN)", stdout);
        Assert.Matches(@"│ 7\s+│\s+0\.\d{4} │", stdout); // rows keep the target's subject numbers: 1..5, 7, 8
        Assert.DoesNotMatch(@"│ 6\s+│", stdout);
    }

    [Fact]
    public void AMegSubjectIsLeftOutOnlyWhenEveryTimePointIsNaN()
    {
        int n = 6, p = SquareForm.PairCount(n);
        var random = new Random(2);
        var values = Enumerable.Range(0, 4 * 3 * p).Select(_ => random.NextDouble()).ToArray();
        Array.Fill(values, double.NaN, 1 * 3 * p, 3 * p);  // subject 1: every time point
        Array.Fill(values, double.NaN, 2 * 3 * p + p, p);  // subject 2: only time point 1
        var stack = new RdmStack(n, [4, 3], values);
        Assert.Equal([1], SubjectsWithData.Empty(stack));
        var kept = SubjectsWithData.Keep(stack, "meg", null, out _);
        Assert.Equal([3, 3], kept.LeadingShape);
        Assert.Equal(values.AsSpan(2 * 3 * p, 3 * p).ToArray(), kept.Vectors.AsSpan(3 * p, 3 * p).ToArray());
    }

    [Fact]
    public void AllSubjectsEmptyIsAnError()
    {
        var stack = new RdmStack(4, [3], Enumerable.Repeat(double.NaN, 3 * 6).ToArray());
        var error = Assert.Throws<DissimNetException>(() => ModelEvaluation.Score(new Rdm([1, 2, 3, 4, 5, 6]), stack, targetSource: "t.npy"));
        Assert.Equal("t.npy: the RDMs of all 3 subjects are entirely NaN", error.Message);
    }
}
