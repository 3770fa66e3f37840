namespace DissimNet.Images;

/// <summary>Orders file names with embedded numbers by value (image_2 before image_10), as people number stimuli.</summary>
internal sealed class NaturalFileNameOrder : IComparer<string>
{
    public static readonly NaturalFileNameOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var a = Path.GetFileName(x ?? "");
        var b = Path.GetFileName(y ?? "");
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsDigit(a[i]) && char.IsDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsDigit(a[i])) i++;
                while (j < b.Length && char.IsDigit(b[j])) j++;
                var na = a[si..i].TrimStart('0');
                var nb = b[sj..j].TrimStart('0');
                int byLength = na.Length.CompareTo(nb.Length);
                if (byLength != 0) return byLength;
                int byDigits = string.CompareOrdinal(na, nb);
                if (byDigits != 0) return byDigits;
                continue;
            }
            int c = a[i].CompareTo(b[j]);
            if (c != 0) return c;
            i++;
            j++;
        }
        int rest = (a.Length - i).CompareTo(b.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(a, b);
    }
}
