namespace DissimNet.Algonauts;

/// <summary>The noise ceilings (in r² units) published with the Algonauts 2019 challenge for its three image sets.</summary>
internal static class PublishedNoiseCeilings
{
    /// <summary>The image sets with published ceilings: 92 and 118 (training), 78 (test).</summary>
    public static readonly int[] ImageSets = [92, 118, 78];

    static readonly Dictionary<(int ImageSet, AlgonautsRegion Region), double> Table = new()
    {
        [(92, AlgonautsRegion.EVC)] = 0.1589,
        [(92, AlgonautsRegion.IT)] = 0.3075,
        [(118, AlgonautsRegion.EVC)] = 0.1048,
        [(118, AlgonautsRegion.IT)] = 0.0728,
        [(78, AlgonautsRegion.EVC)] = 0.064,
        [(78, AlgonautsRegion.IT)] = 0.0647,
        [(92, AlgonautsRegion.Early)] = 0.4634,
        [(92, AlgonautsRegion.Late)] = 0.2275,
        [(118, AlgonautsRegion.Early)] = 0.3468,
        [(118, AlgonautsRegion.Late)] = 0.2265,
        [(78, AlgonautsRegion.Early)] = 0.3562,
        [(78, AlgonautsRegion.Late)] = 0.4452,
    };

    /// <summary>The published ceiling (r²) of a region of an image set.</summary>
    public static double Get(int imageSet, AlgonautsRegion region) =>
        Table.TryGetValue((imageSet, region), out var value)
            ? value
            : throw new DissimNetException($"no published Algonauts noise ceiling for image set {imageSet} (known sets: {string.Join(", ", ImageSets)})");

    /// <summary>The number of images of an image set (each set is named after it); fails for unknown sets.</summary>
    public static int ImageCount(int imageSet) => ImageSets.Contains(imageSet)
        ? imageSet
        : throw new DissimNetException($"no Algonauts image set {imageSet} (known sets: {string.Join(", ", ImageSets)})");

    /// <summary>The track a region belongs to.</summary>
    public static AlgonautsTrack TrackOf(AlgonautsRegion region) =>
        region is AlgonautsRegion.EVC or AlgonautsRegion.IT ? AlgonautsTrack.Fmri : AlgonautsTrack.Meg;
}
