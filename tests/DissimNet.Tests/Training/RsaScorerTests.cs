using DissimNet.Training;

namespace DissimNet.Tests.Training;

public class RsaScorerTests
{
    [Fact]
    public void MatchesAPlainSpearmanAndCeilingWrittenOutInTheTest()
    {
        var subjects = TargetPreparation.PerSubject(TrainingFixtures.SubjectRdms(5, 9, seed: 8), TargetTransform.None, "t");
        var model = TargetPreparation.PerSubject(TrainingFixtures.SubjectRdms(1, 9, seed: 9), TargetTransform.None, "m")[0];
        var plain = new PlainSpearmanScorer();
        var rsa = new RsaScorer(pooling: DissimNet.Statistics.NoiseCeilingPooling.Raw); // the plain scorer averages raw RDMs
        Assert.Equal(plain.Score(model, subjects), rsa.Score(model, subjects), 12);
        var (lower, upper) = rsa.NoiseCeiling(subjects)!.Value;
        var expected = plain.NoiseCeiling(subjects)!.Value;
        Assert.Equal(expected.Lower, lower, 12);
        Assert.Equal(expected.Upper, upper, 12);
        Assert.Null(rsa.NoiseCeiling(subjects.SelectSubjects([0, 1])));
    }
}
