using DissimNet.IO;

namespace DissimNet.Algonauts;

/// <summary>Writes an Algonauts 2019 submission: a MAT v5 file with one n x n double RDM per region of the track.</summary>
/// <remarks>fMRI submissions hold <c>EVC_RDMs</c> and <c>IT_RDMs</c>; MEG submissions <c>MEG_RDMs_early</c> and <c>MEG_RDMs_late</c>.</remarks>
internal static class AlgonautsSubmission
{
    /// <summary>The two regions a submission of this track must hold.</summary>
    public static AlgonautsRegion[] Regions(AlgonautsTrack track) =>
        track == AlgonautsTrack.Fmri ? [AlgonautsRegion.EVC, AlgonautsRegion.IT] : [AlgonautsRegion.Early, AlgonautsRegion.Late];

    /// <summary>Writes <paramref name="path"/>; <paramref name="rdms"/> maps each region of the track to a symmetric row-major n x n matrix.</summary>
    public static void Write(string path, AlgonautsTrack track, IReadOnlyDictionary<AlgonautsRegion, double[]> rdms)
    {
        var regions = Regions(track);
        var missing = regions.Where(r => !rdms.ContainsKey(r)).ToArray();
        if (missing.Length > 0)
            throw new DissimNetException($"{path}: a {track.ToString().ToLowerInvariant()} submission needs RDMs for {string.Join(" and ", regions)}; missing {string.Join(", ", missing)}");
        var arrays = new List<KeyValuePair<string, NdArray>>();
        int? size = null;
        foreach (var region in regions)
        {
            var square = rdms[region];
            int n = (int)Math.Round(Math.Sqrt(square.Length));
            if (n * n != square.Length || n < 3)
                throw new DissimNetException($"{path}: the {region} RDM has {square.Length} values, not n x n with n >= 3");
            if (size is { } m && m != n)
                throw new DissimNetException($"{path}: the RDMs differ in size ({m} and {n} images)");
            size = n;
            arrays.Add(new(AlgonautsTrainingLayout.Variable(track, region), new NdArray([n, n], (double[])square.Clone())));
        }
        MatWriter.WriteArrays(path, arrays);
    }
}
