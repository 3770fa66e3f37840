using System.Text.Json;
using System.Text.Json.Nodes;
using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>The read-out setting: off by default, carried by the request, checked, and absent from old summaries.</summary>
public sealed class ReadoutSettingsTests
{
    [Fact]
    public void DefaultIsNoneAndTheRequestCarriesNnls()
    {
        Assert.Equal(ReadoutMethod.None, TrainRequestResolver.Resolve(new TrainRequest()).Settings.Readout);
        Assert.Equal(ReadoutMethod.Nnls, TrainRequestResolver.Resolve(new TrainRequest { Settings = SettingOverlay.Empty.With(s => s.Readout, ReadoutMethod.Nnls) }).Settings.Readout);
    }

    [Fact]
    public void ACandidateNamedReadoutIsRefusedOnlyWithAReadout()
    {
        var settings = new TrainingSettings { TrainLayer = "conv3", CandidateLayers = ["conv1", "readout"] };
        settings.Validate();
        var e = Assert.Throws<SettingException>(() => (settings with { Readout = ReadoutMethod.Nnls }).Validate());
        Assert.Contains("readout", e.Message);
        Assert.Contains(nameof(TrainingSettings.Readout), e.Settings);
    }

    [Fact]
    public void SettingsWrittenBeforeTheReadoutExistedReadBackAsNone()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(new TrainingSettings { TrainLayer = "conv3", Readout = ReadoutMethod.Nnls }, TrainingSummary.Json))!.AsObject();
        Assert.Equal("nnls", (string?)json["readout"]);
        json.Remove("readout");
        var old = JsonSerializer.Deserialize<TrainingSettings>(json.ToJsonString(), TrainingSummary.Json)!;
        Assert.Equal(ReadoutMethod.None, old.Readout);
        Assert.Equal(new TrainingSettings { TrainLayer = "conv3" }, old);
    }
}
