using DissimNet.Cli.Jobs;
using DissimNet.Sweeps;

namespace DissimNet.Tests.Sweeps;

/// <summary>Plans in JSON and YAML, their cells, ids and command lines, and the one-line errors of bad plans.</summary>
public sealed class SweepPlanTests() : TempFolderTests("sweep-plan")
{
    string Write(string name, string text)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        File.WriteAllText(path, text);
        return path;
    }

    const string Json = """
        {
          "command": "train",
          // comments are allowed
          "options": { "model": "resnet18", "epochs": 2, "no-prefix-cache": true, "resume-me": false, "images": ["a", "b"] },
          "grid": { "seed": [1, 2, 3], "lr": [0.005, 0.01] },
          "resources": { "cpus": 4, "memory": "8G", "time": "00:30:00", "partition": "short" }
        }
        """;

    const string Yaml = """
        command: train
        options:
          model: resnet18
          epochs: 2
          no-prefix-cache: true
          resume-me: false
          images: [a, b]
        grid:
          seed: [1, 2, 3]
          lr: [0.005, 0.01]
        resources: {cpus: 4, memory: 8G, time: "00:30:00", partition: short}
        """;

    [Fact]
    public void JsonAndYamlGiveTheSamePlanAndTheSameCells()
    {
        var json = SweepPlanReader.Read(Write("plan.json", Json));
        var yaml = SweepPlanReader.Read(Write("plan.yaml", Yaml));
        Assert.Equal(CellKind.Train, json.Command);
        Assert.Equal(new CellResources(4, "8G", "00:30:00", "short", 0), json.Resources);
        Assert.Equal(json.Resources, yaml.Resources);
        Assert.Equal(json.Options.Select(o => (o.Name, string.Join("|", o.Values))), yaml.Options.Select(o => (o.Name, string.Join("|", o.Values))));
        Assert.Equal(6, json.CellCount);
        Assert.Equal(SweepCell.Expand(json).Select(c => c.Id), SweepCell.Expand(yaml).Select(c => c.Id));
    }

    [Fact]
    public void CellsRunOverTheGridWithTheLastAxisFastestAndStableDistinctIds()
    {
        var plan = SweepPlanReader.Read(Write("plan.json", Json));
        var cells = SweepCell.Expand(plan);
        Assert.Equal(["1/0.005", "1/0.01", "2/0.005", "2/0.01", "3/0.005", "3/0.01"],
            cells.Select(c => string.Join("/", c.Parameters.Select(p => p.Value))));
        Assert.Equal(cells.Count, cells.Select(c => c.Id).Distinct().Count());
        Assert.StartsWith("seed-1_lr-0.005-", cells[0].Id);
        Assert.Equal(cells.Select(c => c.Id), SweepCell.Expand(SweepPlanReader.Read(Write("again.json", Json))).Select(c => c.Id));
        // Anything the cell runs is part of its id: another fixed option makes other cells.
        var changed = SweepPlanReader.Read(Write("changed.json", Json.Replace("\"epochs\": 2", "\"epochs\": 3")));
        Assert.Empty(SweepCell.Expand(changed).Select(c => c.Id).Intersect(cells.Select(c => c.Id)));
    }

    [Fact]
    public void OptionsBecomeWordsWithFlagsAndRepeats()
    {
        var plan = SweepPlanReader.Read(Write("plan.json", Json));
        var words = CellCommandLine.Words(SweepCell.Expand(plan)[3].Options(plan)).ToArray();
        Assert.Equal(["--model", "resnet18", "--epochs", "2", "--no-prefix-cache", "--images", "a", "--images", "b", "--seed", "2", "--lr", "0.01"], words);
    }

    [Fact]
    public void RdmScoreCellsSplitTheirOptionsBetweenRdmAndScore()
    {
        var path = Write("rs.json", """{"command": "rdm-score", "options": {"images": "img", "model": "m.onnx", "target": "t.mat:RDMs", "metric": "pearson"}, "grid": {"layers": ["a", "b"]}}""");
        var folder = SweepFolder.Create(Path.Combine(TempRoot, "sweep"), SweepPlanReader.Read(path));
        var steps = CellSteps.For(folder, folder.Cells[1]);
        var dir = folder.CellPath(folder.Cells[1]);
        Assert.Equal(["rdm", "--images", "img", "--model", "m.onnx", "--layers", "b", "--out", Path.Combine(dir, "rdm.npy")], CellCommandLine.Arguments(steps[0]));
        Assert.Equal(["score", "--model", Path.Combine(dir, "rdm.npy"), "--target", "t.mat:RDMs", "--metric", "pearson", "--out", Path.Combine(dir, "score.json")],
            CellCommandLine.Arguments(steps[1]));
    }

    [Fact]
    public void CasesGoTogetherAndAreCrossedWithTheGrid()
    {
        var path = Write("cases.yaml", """
            command: train
            options: {algonauts: /data/Training_Data}
            cases:
              - {preset: algonauts2019-fmri-early, weights: alexnet.pth}
              - {preset: algonauts2019-fmri-late, weights: vgg16.pth, size: 300}
            grid: {seed: [1, 2]}
            """);
        var plan = SweepPlanReader.Read(path);
        Assert.Equal(["preset", "weights", "size", "seed"], plan.Varying);
        var cells = SweepCell.Expand(plan);
        Assert.Equal(4, cells.Count);
        Assert.Equal(["alexnet.pth/1", "alexnet.pth/2", "vgg16.pth/1", "vgg16.pth/2"], cells.Select(c => $"{c.Value("weights")}/{c.Value("seed")}"));
        Assert.Null(cells[0].Value("size"));
        Assert.Equal(["--algonauts", "/data/Training_Data", "--preset", "algonauts2019-fmri-late", "--weights", "vgg16.pth", "--size", "300", "--seed", "2"],
            CellCommandLine.Words(cells[3].Options(plan)));
        // The plan as saved in a sweep folder reads back to the same cells.
        var folder = SweepFolder.Create(Path.Combine(TempRoot, "sweep"), plan);
        Assert.Equal(cells.Select(c => c.Id), folder.Cells.Select(c => c.Id));
        Assert.Equal(5, File.ReadAllLines(Path.Combine(folder.Path, SweepFolder.CellsTable)).Length);
    }

    [Theory]
    [InlineData("""{"command": "train", "options": {"seed": 1}, "cases": [{"seed": 2}]}""", "'seed' is both a fixed option and set in cases[0]")]
    [InlineData("""{"command": "train", "cases": [{"seed": 2}], "grid": {"seed": [3]}}""", "'seed' is both set in cases and a grid axis")]
    [InlineData("""{"command": "train", "cases": {"seed": 2}}""", "'cases' must be a list of objects")]
    [InlineData("""{"command": "fit"}""", "command 'fit' is not one of train, crossval, rdm-score")]
    [InlineData("""{"options": {}}""", "'command' must be one of")]
    [InlineData("""{"command": "train", "gird": {}}""", "unknown key 'gird'")]
    [InlineData("""{"command": "train", "options": {"out": "x"}}""", "options.out: the sweep sets 'out' itself")]
    [InlineData("""{"command": "train", "options": {"--lr": 1}}""", "options.--lr: write option names without dashes")]
    [InlineData("""{"command": "train", "grid": {"seed": [1, 1]}}""", "grid axis 'seed' repeats a value")]
    [InlineData("""{"command": "train", "grid": {"seed": []}}""", "grid axis 'seed' has no values")]
    [InlineData("""{"command": "train", "options": {"seed": 1}, "grid": {"seed": [2]}}""", "'seed' is both a fixed option and a grid axis")]
    [InlineData("""{"command": "train", "resources": {"cpus": 0}}""", "resources.cpus: expected a whole number of at least 1, got '0'")]
    [InlineData("""{"command": "train", "options": {"lr": {"a": 1}}}""", "options.lr: expected a text, number or true/false value")]
    [InlineData("""{"command": "train",""", "not valid JSON")]
    public void BadPlansGiveOneLineNamingTheFileAndTheKey(string text, string expected)
    {
        var path = Write("bad.json", text);
        var e = Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void BadYamlNamesTheLine()
    {
        var path = Write("bad.yaml", "command: train\ngrid:\n  seed: [1, 2\n");
        var e = Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(path));
        Assert.StartsWith($"{path}: not valid YAML (line ", e.Message);
    }

    [Fact]
    public void AFolderKeepsItsPlan()
    {
        var sweep = Path.Combine(TempRoot, "sweep");
        SweepFolder.Create(sweep, SweepPlanReader.Read(Write("plan.json", Json)));
        SweepFolder.Create(sweep, SweepPlanReader.Read(Write("plan.yaml", Yaml))); // the same plan in YAML opens it again
        var other = SweepPlanReader.Read(Write("other.json", Json.Replace("[1, 2, 3]", "[1, 2]")));
        var e = Assert.Throws<DissimNetException>(() => SweepFolder.Create(sweep, other));
        Assert.Contains("holds a sweep of another plan", e.Message);
    }
}
