namespace DissimNet.Tests.Architecture;

/// <summary>The library's folders form layers: each may use only folders of earlier layers (and the root files), never a later or sibling one.</summary>
public class DependencyOrderTests
{
    /// <summary>The layers, earliest first; folders sharing a layer are independent of each other.</summary>
    static readonly string[][] Layers =
    [
        ["IO"],
        ["Rdms", "Images"],
        ["Statistics"],
        ["Networks"],
        ["Training"],
        ["Reports", "Algonauts"],
        ["Workflows", "Sweeps"],
    ];

    static readonly string Library = Path.Combine(TestPaths.RepoRoot, "src", "DissimNet");

    [Fact]
    public void NoFolderDependsOnALaterOrSiblingFolder()
    {
        var layerOf = Layers.SelectMany((folders, layer) => folders.Select(f => (f, layer))).ToDictionary(p => p.f, p => p.layer);
        var files = SourceFiles().ToList();
        Assert.Equal(layerOf.Keys.Order(), files.Select(f => f.Folder).OfType<string>().Distinct().Order()); // a new folder needs a place in the order
        var typesOf = layerOf.Keys.ToDictionary(f => f,
            f => (IReadOnlySet<string>)files.Where(s => s.Folder == f).SelectMany(s => SourceDependencies.DeclaredNames(File.ReadAllText(s.Path))).ToHashSet());

        var offences = new List<string>();
        var edges = new HashSet<(string?, string)>();
        foreach (var (path, folder) in files)
        {
            // Root files (DissimNetException, IProgressSink) are used by every folder, so they may use none.
            int own = folder is null ? -1 : layerOf[folder];
            foreach (var reference in SourceDependencies.Find(File.ReadAllText(path), typesOf))
            {
                edges.Add((folder, reference.Folder));
                if (reference.Folder != folder && layerOf[reference.Folder] >= own)
                    offences.Add($"{Path.GetRelativePath(Library, path)}: {folder ?? "(root)"} -> {reference.Folder}: {reference.Line}");
            }
        }
        Assert.Contains(("Rdms", "IO"), edges); // the scan sees the library's real dependencies, so passing means something
        Assert.True(offences.Count == 0,
            $"{offences.Count} reference(s) against the order {string.Join(" -> ", Layers.Select(l => string.Join("/", l)))}:\n" + string.Join("\n", offences.Distinct()));
    }

    [Fact]
    public void TheScanFindsEveryFormOfReferenceAndSkipsComments()
    {
        var typesOf = new Dictionary<string, IReadOnlySet<string>>
        {
            ["Reports"] = new HashSet<string> { "RunReport" },
            ["Training"] = new HashSet<string> { "SiameseTrainer" },
            ["Images"] = new HashSet<string> { "ImageSet" },
            ["IO"] = new HashSet<string> { "DataSpec" },
        };
        const string source = """
            using DissimNet.Reports;
            using static DissimNet.Training.SiameseTrainer;
            // using DissimNet.Workflows; is a comment
            /* Images.ImageSet in a block comment
               DissimNet.Images.ImageSet */
            namespace DissimNet.Rdms;
            /// <see cref="Images.ImageSet"/>
            class A
            {
                string url = "http://example.org"; var set = Images.ImageSet.Load(url);
                int count = split.Images.Count + Images.Count; // a property, not the namespace
                var spec = DissimNet.IO.Anything; var path = System.IO.Path.GetTempPath();
            }
            """;
        var found = SourceDependencies.Find(source, typesOf).Select(r => r.Folder).ToList();
        Assert.Equal(["Reports", "Training", "Images", "IO"], found);
    }

    [Fact]
    public void DeclaredNamesAreTypesAndSubNamespaces()
    {
        const string source = """
            namespace DissimNet.Networks.Onnx;
            // class Commented
            public sealed record LayerRdm(string Layer);
            interface ITappable { }
            enum Kind { A }
            """;
        Assert.Equal(["LayerRdm", "ITappable", "Kind", "Onnx"], SourceDependencies.DeclaredNames(source));
    }

    /// <summary>Every .cs file of the library with its top folder (null for root files), build output left out.</summary>
    static IEnumerable<(string Path, string? Folder)> SourceFiles()
    {
        foreach (var path in Directory.EnumerateFiles(Library, "*.cs", SearchOption.AllDirectories))
        {
            var parts = Path.GetRelativePath(Library, path).Split(Path.DirectorySeparatorChar);
            if (parts[0] is "bin" or "obj") continue;
            yield return (path, parts.Length == 1 ? null : parts[0]);
        }
    }
}
