namespace DissimNet.IO;

/// <summary>Checks an HDF5 file's links before PureHDF opens it: no external link, no user-defined link, no virtual
/// dataset, no dataset stored in external files, and no soft link that loops.</summary>
/// <remarks>PureHDF follows every link it meets while listing a group: an external link opens another file, and a soft
/// link that names itself (or a chain of them that comes back) recurses until the stack overflows, which ends the
/// process. So the file's link tables are walked here first, from the bytes (<see cref="Hdf5Metadata"/>), without
/// following any link, and every soft link is resolved against them with at most <see cref="MaxSoftLinkHops"/> hops,
/// as libhdf5 allows (H5L_NUM_LINKS).</remarks>
internal static class Hdf5LinkCheck
{
    /// <summary>The most soft links one path may pass through.</summary>
    public const int MaxSoftLinkHops = 16;

    private const int MaxObjects = 1_000_000;
    private const int MaxResolveSteps = 1_000_000;

    /// <summary>Throws a one-line error naming the file and the object when the file links outside itself or loops.</summary>
    /// <param name="path">The HDF5 file (a user block before the superblock is allowed).</param>
    /// <param name="where">The file as errors name it.</param>
    public static void Check(string path, string where)
    {
        try
        {
            using var file = Hdf5Metadata.Open(path, where);
            var groups = Walk(file, where, out var softLinks);
            var resolver = new SoftLinkResolver(groups, file.RootAddress, where);
            foreach (var (group, groupPath, link) in softLinks) resolver.Resolve(group, link.Target, $"{groupPath}/{link.Name}", 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or OverflowException)
        {
            throw new DissimNetException($"{where}: not a readable HDF5 file: its link tables cannot be read ({e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>Every group reachable by hard links from the root, with its links; refuses what may not be read.</summary>
    private static Dictionary<ulong, IReadOnlyList<Hdf5Link>> Walk(Hdf5Metadata file, string where,
        out List<(ulong Group, string GroupPath, Hdf5Link Link)> softLinks)
    {
        var groups = new Dictionary<ulong, IReadOnlyList<Hdf5Link>>();
        softLinks = [];
        var pending = new Stack<(ulong Address, string Path, (ulong, ulong)? Cache)>([(file.RootAddress, "", file.RootCache)]);
        var visited = new HashSet<ulong>();
        while (pending.TryPop(out var item))
        {
            if (!visited.Add(item.Address)) continue;
            if (visited.Count > MaxObjects)
                throw new DissimNetException($"{where}: more than {MaxObjects} HDF5 objects; not a file DissimNet reads");
            var info = file.Object(item.Address, item.Cache);
            string shown = item.Path.Length == 0 ? "/" : item.Path;
            if (info.IsVirtual)
                throw new DissimNetException($"{where}: '{shown}' is an HDF5 virtual dataset (its values come from other datasets or files); DissimNet reads no virtual dataset, store the values themselves");
            if (info.HasExternalStorage)
                throw new DissimNetException($"{where}: '{shown}' keeps its values in external files; DissimNet reads no file but the one named, store the values in the dataset itself");
            if (!info.IsGroup) continue;
            CheckNames(info.Links, shown, where);
            groups[item.Address] = info.Links;
            foreach (var link in info.Links)
            {
                string linkPath = $"{item.Path}/{link.Name}";
                switch (link.Kind)
                {
                    case Hdf5LinkKind.External:
                        throw new DissimNetException($"{where}: '{linkPath}' is an HDF5 external link (to {link.Target}); DissimNet reads no file but the one named, copy the data into this file");
                    case Hdf5LinkKind.UserDefined:
                        throw new DissimNetException($"{where}: '{linkPath}' is a user-defined HDF5 link ({link.Target}); DissimNet follows only hard and soft links");
                    case Hdf5LinkKind.Soft:
                        softLinks.Add((item.Address, item.Path, link));
                        break;
                    default:
                        pending.Push((link.Address, linkPath, null));
                        break;
                }
            }
        }
        return groups;
    }

    /// <summary>Two different links of one name in a group: which one a lookup finds depends on the reader.</summary>
    private static void CheckNames(IReadOnlyList<Hdf5Link> links, string group, string where)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in links)
            if (!names.Add(link.Name))
                throw new DissimNetException($"{where}: group '{group}' holds two different links named '{link.Name}' (corrupt file)");
    }

    /// <summary>Resolves soft links as PureHDF does (a path from the root or from the link's group, split at '/'),
    /// through the link tables read from the bytes, counting hops.</summary>
    private sealed class SoftLinkResolver(Dictionary<ulong, IReadOnlyList<Hdf5Link>> groups, ulong root, string where)
    {
        private int _steps;

        /// <summary>The address <paramref name="target"/> names from <paramref name="group"/>, or null when it names nothing (a dangling link, which PureHDF reports as unresolved).</summary>
        public ulong? Resolve(ulong group, string target, string link, int hops)
        {
            if (hops > MaxSoftLinkHops)
                throw new DissimNetException($"{where}: soft link '{link}' leads through more than {MaxSoftLinkHops} soft links (a loop?); DissimNet reads no file whose links loop");
            if (target == "/") return root;
            bool rooted = target.StartsWith('/');
            var segments = rooted ? target.Split('/').Skip(1) : target.Split('/');
            ulong current = rooted ? root : group;
            foreach (var segment in segments)
            {
                if (++_steps > MaxResolveSteps)
                    throw new DissimNetException($"{where}: resolving the file's soft links takes more than {MaxResolveSteps} steps; DissimNet reads no such file");
                if (!groups.TryGetValue(current, out var links)) return null;
                var next = links.FirstOrDefault(l => l.Name == segment);
                if (next is null) return null;
                ulong? resolved = next.Kind == Hdf5LinkKind.Soft ? Resolve(current, next.Target, link, hops + 1) : next.Address;
                if (resolved is null) return null;
                current = resolved.Value;
            }
            return current;
        }
    }
}
