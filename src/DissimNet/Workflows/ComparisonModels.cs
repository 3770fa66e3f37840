using System.Globalization;
using System.Text.RegularExpressions;
using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using DissimNet.Rdms;
using DissimNet.Training;

namespace DissimNet.Workflows;

/// <summary>One model of a comparison as written by the user: <c>[NAME=]SPEC</c>, where SPEC is an RDM data spec
/// (<c>file.mat:variable[k]</c>, <c>file.npy</c>, an rsatoolbox HDF5 file, ...) or a layer of a training run,
/// <c>run:FOLDER[:LAYER][@EPOCH]</c> (default: the run's selected layer and epoch).</summary>
internal sealed partial record ComparisonModelSpec(string Name, string Spec, string? RunFolder, string? Layer, int? Epoch)
{
    /// <summary>True when the model is a layer of a training run.</summary>
    public bool IsRun => RunFolder is not null;

    /// <summary>Parses one model; an existing file is always taken whole, so its name may contain '=' or start with "run:".</summary>
    public static ComparisonModelSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new SettingException("empty model spec", "Models");
        string? name = null;
        var spec = text;
        var named = NamePrefix().Match(text);
        if (named.Success && !File.Exists(text) && !Directory.Exists(text))
        {
            name = named.Groups[1].Value.Trim();
            spec = text[(named.Length)..];
            if (spec.Length == 0) throw new SettingException($"model '{name}': nothing after '='; expected {name}=SPEC", "Models");
        }
        if (!spec.StartsWith("run:", StringComparison.Ordinal) || File.Exists(spec))
            return new ComparisonModelSpec(name ?? DefaultName(spec), spec, null, null, null);

        var rest = spec["run:".Length..];
        int? epoch = null;
        var epochMatch = EpochSuffix().Match(rest);
        if (epochMatch.Success && !Directory.Exists(rest))
        {
            if (!int.TryParse(epochMatch.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int e))
                throw new SettingException($"{spec}: epoch {epochMatch.Groups[1].Value} is out of range", "Models");
            epoch = e;
            rest = rest[..epochMatch.Index];
        }
        string folder = rest;
        string? layer = null;
        int colon = rest.LastIndexOf(':');
        if (colon > 0 && !Directory.Exists(rest))
        {
            folder = rest[..colon];
            layer = rest[(colon + 1)..];
            if (layer.Length == 0) throw new SettingException($"{spec}: empty layer name after ':' (expected run:FOLDER[:LAYER][@EPOCH])", "Models");
        }
        if (folder.Length == 0) throw new SettingException($"{spec}: no run folder after 'run:' (expected run:FOLDER[:LAYER][@EPOCH])", "Models");
        var label = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + (layer is null ? "" : $":{layer}") + (epoch is null ? "" : $"@{epoch}");
        return new ComparisonModelSpec(name ?? label, spec, folder, layer, epoch);
    }

    /// <summary>A short name for an RDM spec: the file name without folders, with its variable and index.</summary>
    static string DefaultName(string spec)
    {
        var parts = DataSpecParts.ParseIndexed(spec);
        return parts with { Path = Path.GetFileName(parts.Path) } is var shortParts ? shortParts.ToString() : spec;
    }

    [GeneratedRegex(@"^([A-Za-z0-9_][A-Za-z0-9_.+ ()-]*)=")]
    private static partial Regex NamePrefix();

    [GeneratedRegex(@"@(\d+)$")]
    private static partial Regex EpochSuffix();
}

/// <summary>Loads the model RDMs of a comparison: RDM files as they are, run layers computed on the given images.</summary>
internal static class ComparisonModels
{
    /// <summary>The RDM of every model, in order. <paramref name="imagesSpec"/> (a folder or an N x H x W x 3 array spec)
    /// is needed only when some model is a run layer; the images must be the target's conditions, in its order.</summary>
    public static IReadOnlyList<Rdm> Load(IReadOnlyList<ComparisonModelSpec> models, string? imagesSpec, IProgressSink? progress = null, int batchSize = 16,
        RuntimeContext? runtime = null)
    {
        var duplicate = models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new SettingException($"two models are named '{duplicate.Key}'; name them apart as NAME=SPEC", "Models");
        NdArray? images = null;
        if (models.Any(m => m.IsRun))
        {
            if (imagesSpec is null)
                throw new SettingException($"model '{models.First(m => m.IsRun).Name}' is a run layer; its RDM is computed from images, so give the target's images", "Images");
            images = ImageSet.LoadArray(imagesSpec);
            NetworkRdms.RequireImages(images, imagesSpec);
        }
        return [.. models.Select(m => m.IsRun
            ? TrainedRun.Rdm(m.RunFolder!, images!, m.Layer, m.Epoch, batchSize: batchSize, progress: progress, source: imagesSpec!, runtime: runtime).Rdm
            : Single(m, progress))];
    }

    static Rdm Single(ComparisonModelSpec model, IProgressSink? progress)
    {
        var stack = RdmFiles.LoadStack(model.Spec, progress);
        if (stack.Count == 1) return stack[0];
        var address = DataSpecParts.ParseIndexed(model.Spec).Address;
        throw new SettingException($"{address}: model '{model.Name}' should be one RDM but the spec holds {stack.Count} "
            + $"({string.Join(" x ", stack.LeadingShape)} RDMs of {stack.ConditionCount} conditions); pick one with {address}[0] ... {address}[{stack.Count - 1}]", "Models");
    }
}
