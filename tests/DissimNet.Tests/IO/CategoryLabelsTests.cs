using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>Category labels from JSON, text and MAT specs, and the errors for wrong counts and bad files.</summary>
public sealed class CategoryLabelsTests() : TempFolderTests("categories")
{
    string Write(string name, string text)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void JsonArrayGivesOneLabelPerCondition()
    {
        var path = Write("labels.json", "[\"face\", \"body\", \"face\"]");
        Assert.Equal(["face", "body", "face"], CategoryLabels.Load(path, 3));
    }

    [Fact]
    public void TextFileLinesAreTrimmedAndBlankLinesSkipped()
    {
        var path = Write("labels.txt", "  face \n\nbody\r\n  \nscene\n");
        Assert.Equal(["face", "body", "scene"], CategoryLabels.Load(path, 3));
    }

    [Fact]
    public void MatTextFieldGivesThe92ImageCategories()
    {
        var labels = CategoryLabels.Load(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.category", 92);
        Assert.Equal(92, labels.Count);
        Assert.Equal(12, labels.Count(l => l == "human face"));
        Assert.Equal(21, labels.Count(l => l == "artificial inanimate"));
    }

    [Fact]
    public void AWrongCountNamesBothCounts()
    {
        var path = Write("labels.json", "[\"a\", \"b\", \"c\"]");
        var error = Assert.Throws<DissimNetException>(() => CategoryLabels.Load(path, 92));
        Assert.Equal($"{path}: 3 category labels, but the RDM has 92 conditions", error.Message);
    }

    [Fact]
    public void MissingOrMalformedJsonIsAnError()
    {
        var missing = Path.Combine(TempRoot, "none.json");
        Assert.Equal($"{missing}: file not found", Assert.Throws<DissimNetException>(() => CategoryLabels.Load(missing, 1)).Message);
        var bad = Write("bad.json", "{\"a\": 1}");
        Assert.StartsWith($"{bad}: expected a JSON array of category names (", Assert.Throws<DissimNetException>(() => CategoryLabels.Load(bad, 1)).Message);
    }

    [Fact]
    public void NumericFilesHoldNoText()
    {
        var path = Path.Combine(Directory.CreateDirectory(TempRoot).FullName, "labels.npy");
        Npy.Write(path, new NdArray([2], [1, 2]));
        var error = Assert.Throws<DissimNetException>(() => CategoryLabels.Load(path, 2));
        Assert.Contains("only .mat files hold text arrays", error.Message);
    }
}
