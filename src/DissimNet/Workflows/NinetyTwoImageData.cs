using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Training;

namespace DissimNet.Workflows;

/// <summary>The 92-object image set shipped in <c>data/92imageData</c> (Kriegeskorte et al., 2008): images, categories and
/// human IT RDMs of 4 subjects, each the mean of the subject's 2 sessions.</summary>
/// <remarks>
/// Sessions are averaged because the noise ceiling's leave-one-out lower bound assumes independent RDMs: with the
/// 8 session RDMs as "subjects", each RDM's own subject would stay in the mean it is compared with, and the
/// ceiling would be too high. The sessions are paired by the subject code in each RDM's name ('hIT | BE | Session: 1').
/// </remarks>
/// <param name="Folder">The data folder.</param>
/// <param name="Images">92 x 175 x 175 x 3 uint8 RGB.</param>
/// <param name="Categories">One category per image ('human face', 'natural inanimate', ...).</param>
/// <param name="SubjectRdms">4 x 92 x 92: one RDM per subject, the mean of its two sessions.</param>
/// <param name="Subjects">Subject codes in the order of <see cref="SubjectRdms"/>.</param>
public sealed record NinetyTwoImageData(string Folder, NdArray Images, IReadOnlyList<string> Categories, NdArray SubjectRdms, IReadOnlyList<string> Subjects)
{
    /// <summary>The folder's name under <c>data/</c>.</summary>
    public const string FolderName = "92imageData";

    /// <summary>File holding the images and their categories.</summary>
    public const string StimulusFile = "Kriegeskorte_Neuron2008_supplementalData.mat";

    /// <summary>File holding the human IT RDMs (4 subjects x 2 sessions).</summary>
    public const string BrainRdmFile = "92_brainRDMs.mat";

    /// <summary>Data spec of the images.</summary>
    public string ImagesSpec => $"{Path.Combine(Folder, StimulusFile)}:stimuli_92objs.image";

    /// <summary>Data spec of the categories.</summary>
    public string CategoriesSpec => $"{Path.Combine(Folder, StimulusFile)}:stimuli_92objs.category";

    /// <summary>Data spec of the 8 session RDMs.</summary>
    public string BrainRdmsSpec => $"{Path.Combine(Folder, BrainRdmFile)}:RDMs.RDM";

    /// <summary>What the target is, in words.</summary>
    public string TargetDescription => $"human IT fMRI RDMs of {Subjects.Count} subjects ({string.Join(", ", Subjects)}), each the mean of its 2 sessions";

    /// <summary>Finds <c>data/92imageData</c> under the current directory or one of its parents, else above the executable
    /// (a build output inside the repository); throws <see cref="DissimNetException"/> when neither has it.</summary>
    public static string Locate(string? currentDirectory = null)
    {
        var starts = new[] { currentDirectory ?? Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", FolderName);
                if (File.Exists(Path.Combine(candidate, BrainRdmFile)) && File.Exists(Path.Combine(candidate, StimulusFile))) return candidate;
            }
        throw new DissimNetException($"data/{FolderName} not found above {starts[0]} or above {AppContext.BaseDirectory}: run the demo inside the DissimNet repository or from its build output " +
            $"(it needs data/{FolderName}/{BrainRdmFile} and {StimulusFile})");
    }

    /// <summary>Loads the data from <paramref name="folder"/> (see <see cref="Locate"/>).</summary>
    public static NinetyTwoImageData Load(string folder)
    {
        var data = new NinetyTwoImageData(folder, null!, [], null!, []);
        var images = ImageSet.LoadArray(data.ImagesSpec);
        var categories = DataSpec.LoadStrings(data.CategoriesSpec);
        if (categories.Count != images.Shape[0])
            throw new DissimNetException($"{data.CategoriesSpec}: {categories.Count} categories for {images.Shape[0]} images");
        var sessions = DataSpec.LoadArray(data.BrainRdmsSpec);
        int n = TargetPreparation.ConditionCount(sessions, data.BrainRdmsSpec);
        if (n != images.Shape[0])
            throw new DissimNetException($"{data.BrainRdmsSpec}: RDMs are {n} x {n} but there are {images.Shape[0]} images");
        var names = DataSpec.LoadStrings($"{Path.Combine(folder, BrainRdmFile)}:RDMs.name");
        var (subjects, rdms) = AverageSessions(sessions, names, data.BrainRdmsSpec);
        return data with { Images = images, Categories = categories, SubjectRdms = rdms, Subjects = subjects };
    }

    /// <summary>Averages the session RDMs of each subject; the subject is the second '|'-separated field of each RDM's name.</summary>
    public static (IReadOnlyList<string> Subjects, NdArray Rdms) AverageSessions(NdArray sessions, IReadOnlyList<string> names, string source)
    {
        int count = sessions.Shape[0], n = sessions.Shape[^1];
        if (names.Count != count)
            throw new DissimNetException($"{source}: {count} RDMs but {names.Count} names");
        var subjectOf = names.Select(name => name.Split('|') is { Length: >= 2 } parts ? parts[1].Trim()
            : throw new DissimNetException($"{source}: RDM name '{name}' does not name a subject ('region | subject | session')")).ToArray();
        var subjects = subjectOf.Distinct().ToList();
        var values = sessions.ToDoubleArray();
        var mean = new double[subjects.Count * n * n];
        for (int s = 0; s < subjects.Count; s++)
        {
            var members = Enumerable.Range(0, count).Where(k => subjectOf[k] == subjects[s]).ToArray();
            foreach (int k in members)
                for (int e = 0; e < n * n; e++) mean[s * n * n + e] += values[(long)k * n * n + e] / members.Length;
        }
        return (subjects, new NdArray([subjects.Count, n, n], mean));
    }
}
