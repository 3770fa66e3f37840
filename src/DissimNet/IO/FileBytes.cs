namespace DissimNet.IO;

/// <summary>Reads whole files with errors that name the file.</summary>
internal static class FileBytes
{
    public static byte[] ReadAll(string path)
    {
        if (Directory.Exists(path)) throw new DissimNetException($"{path}: is a folder, expected a file");
        if (!File.Exists(path)) throw new DissimNetException($"{path}: file not found");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new DissimNetException($"{path}: cannot read ({e.Message})");
        }
    }
}
