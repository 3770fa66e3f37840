using System.Text;
using System.Text.RegularExpressions;

namespace DissimNet.Tests.Architecture;

/// <summary>Which top-level namespaces of DissimNet (IO, Rdms, ...) a C# source text refers to, comments left out.</summary>
/// <remarks>Reads text rather than compiled code so the rule also covers files a build would not flag, and the failure can name the line.</remarks>
public static partial class SourceDependencies
{
    /// <summary>One reference: the folder named, and the line it was found on (trimmed).</summary>
    public sealed record Reference(string Folder, string Line);

    /// <summary>References to the given folders: <c>using DissimNet.X</c> (also static, global and alias forms), <c>namespace DissimNet.X</c>,
    /// and qualified names <c>X.Type</c> or <c>DissimNet.X.Type</c> where Type is one of <paramref name="typesOf"/>[X] or a namespace below X.</summary>
    /// <remarks>A bare <c>X.Name</c> counts only when Name is declared in X, so a property that happens to be called
    /// <c>Images</c> is not taken for the namespace.</remarks>
    public static IReadOnlyList<Reference> Find(string source, IReadOnlyDictionary<string, IReadOnlySet<string>> typesOf)
    {
        var found = new List<Reference>();
        foreach (var line in WithoutComments(source).Split('\n'))
        {
            foreach (Match m in DirectiveReference().Matches(line))
                if (typesOf.ContainsKey(m.Groups["folder"].Value)) found.Add(new(m.Groups["folder"].Value, line.Trim()));
            if (DirectiveReference().IsMatch(line)) continue;
            foreach (Match m in QualifiedReference().Matches(line))
            {
                var folder = m.Groups["folder"].Value;
                bool full = m.Groups["full"].Success;
                if (typesOf.TryGetValue(folder, out var types) && (full || types.Contains(m.Groups["name"].Value)))
                    found.Add(new(folder, line.Trim()));
            }
        }
        return found;
    }

    /// <summary>Names declared in a source text (types, and the last part of its namespaces below the top folder), for <see cref="Find"/>.</summary>
    public static IEnumerable<string> DeclaredNames(string source)
    {
        var code = WithoutComments(source);
        foreach (Match m in TypeDeclaration().Matches(code)) yield return m.Groups["name"].Value;
        foreach (Match m in NamespaceDeclaration().Matches(code))
            foreach (var part in m.Groups["path"].Value.Split('.').Skip(2)) yield return part;
    }

    /// <summary>The text with <c>//</c> and <c>/* */</c> comments blanked (line breaks kept); string and char literals are left alone.</summary>
    public static string WithoutComments(string source)
    {
        var text = new StringBuilder(source.Length);
        int i = 0;
        while (i < source.Length)
        {
            char c = source[i], next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                while (i < source.Length && source[i] != '\n') i++;
            }
            else if (c == '/' && next == '*')
            {
                int end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + 2;
                text.Append(source.AsSpan(i, end - i).ToString().Where(ch => ch == '\n').ToArray());
                i = end;
            }
            else if (c == '"' || c == '\'')
            {
                int end = LiteralEnd(source, i);
                text.Append(source, i, end - i);
                i = end;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        return text.ToString();
    }

    /// <summary>Index just past the string or char literal that starts at <paramref name="start"/> (raw, verbatim or regular).</summary>
    static int LiteralEnd(string source, int start)
    {
        char quote = source[start];
        if (quote == '"' && string.CompareOrdinal(source, start, "\"\"\"", 0, 3) == 0)
        {
            int end = source.IndexOf("\"\"\"", start + 3, StringComparison.Ordinal);
            return end < 0 ? source.Length : end + 3;
        }
        bool verbatim = quote == '"' && start > 0 && (source[start - 1] == '@' || (start > 1 && source[start - 2] == '@'));
        for (int i = start + 1; i < source.Length; i++)
        {
            if (verbatim)
            {
                if (source[i] != '"') continue;
                if (i + 1 < source.Length && source[i + 1] == '"') { i++; continue; }
                return i + 1;
            }
            if (source[i] == '\\') { i++; continue; }
            if (source[i] == quote || source[i] == '\n') return i + 1;
        }
        return source.Length;
    }

    [GeneratedRegex(@"^\s*(?:global\s+)?(?:using(?:\s+static)?(?:\s+\w+\s*=)?|namespace)\s+(?:global::)?DissimNet\.(?<folder>\w+)")]
    private static partial Regex DirectiveReference();

    [GeneratedRegex(@"(?<![\w.])(?:global::)?(?<full>DissimNet\.)?(?<folder>[A-Z]\w*)\.(?<name>[A-Za-z_]\w*)")]
    private static partial Regex QualifiedReference();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum|delegate\s+\S+)\s+(?<name>[A-Za-z_]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bnamespace\s+(?<path>[\w.]+)")]
    private static partial Regex NamespaceDeclaration();
}
