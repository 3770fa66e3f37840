using DissimNet.IO;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Cli;

/// <summary>Small inputs for command-line tests.</summary>
static class CliFixtures
{
    /// <summary>The first 4 of the 92 stimuli as a 4 x 175 x 175 x 3 uint8 .npy in <paramref name="folder"/>.</summary>
    public static string FourImages(string folder)
    {
        Directory.CreateDirectory(folder);
        var all = DataSpec.LoadArray(Supplemental("stimuli_92objs.image"));
        var path = Path.Combine(folder, "four.npy");
        Npy.Write(path, new NdArray([4, 175, 175, 3], ((byte[])all.Data)[..(4 * 175 * 175 * 3)], ElementType.UInt8));
        return path;
    }
}
