using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DissimNet.Tests.Fuzz;

/// <summary>Generates hostile sweep plans from valid ones: JSON plans mutated in their tree (keys dropped or repeated, values of
/// the wrong type, huge numbers, deep nesting, control characters, values starting with '@' or '-'), YAML plans mutated line by
/// line and with YAML's own constructs (anchors and aliases, alias bombs, tags, complex keys, several documents), and both with
/// bytes that are not UTF-8.</summary>
internal static class PlanMutations
{
    /// <summary>Values put in place of each leaf of a plan, as JSON text: wrong types, extremes, and strings a command line or a
    /// script would read specially.</summary>
    static readonly string[] HostileValues =
    [
        "null", "true", "[]", "{}", "[1, [2]]", "0", "-1", "1e308", "-1e308", "1e999", "9223372036854775808", "1.5",
        "\"\"", "\" \"", "\"@/etc/passwd\"", "\"@plan.json\"", "\"--help\"", "\"-x\"", "\"--out=/tmp/elsewhere\"", "\"-0.5\"",
        "\"a\\u0000b\"", "\"stage4\\u001b[31m\"", "\"1G\\ntouch /tmp/x\"", "\"a\\tb\"", "\"%A_%a\"", "\"$(id)\"",
        "\"'quoted'\"", JsonSerializer.Serialize(new string('x', 100_000)),
    ];

    /// <summary>Every structural mutation of a valid JSON plan, in a fixed order (no randomness: the list is the generator).</summary>
    public static IEnumerable<(string Mutation, byte[] Bytes)> OfJson(string valid)
    {
        var leaves = Paths(JsonNode.Parse(valid)!).ToList();
        foreach (var path in leaves)
        {
            yield return ($"{path} dropped", Edit(valid, path, (parent, key) => Remove(parent, key)));
            foreach (var value in HostileValues)
                yield return ($"{path} set to {Short(value)}", Edit(valid, path, (parent, key) => Set(parent, key, JsonNode.Parse(value))));
            yield return ($"{path} nested 63 deep", Edit(valid, path, (parent, key) => Set(parent, key, JsonNode.Parse(Nested(63)))));
        }
        foreach (var key in new[] { "command", "options", "grid", "resources", "cases" })
            yield return ($"key '{key}' repeated", Utf8(valid.Replace($"\"{key}\":", $"\"{key}\": null, \"{key}\":")));
        yield return ("an unknown top-level key", Utf8(valid.Replace("{", "{\"extra\": 1, ")));
        yield return ("nested 65 deep", Utf8(Nested(65)));
        yield return ("nested 100,000 deep", Utf8(Nested(100_000)));
        yield return ("a grid of 2^64 cells", Utf8(WithGrid(valid, 64, 2)));
        yield return ("a grid of 10^30 cells", Utf8(WithGrid(valid, 30, 10)));
        yield return ("a grid axis of 200,000 values", Utf8(WithGrid(valid, 1, 200_000)));
        yield return ("a lone surrogate escaped in a value", Utf8(valid.Replace("\"train\"", "\"tr\\ud800ain\"")));
        yield return ("the plan is a list", "[1, 2]"u8.ToArray());
        yield return ("the plan is a string", "\"train\""u8.ToArray());
        yield return ("two plans one after the other", Utf8(valid + valid));
        foreach (var bytes in NotUtf8(valid)) yield return bytes;
    }

    /// <summary>Line-by-line and YAML-specific mutations of a valid YAML plan, in a fixed order.</summary>
    public static IEnumerable<(string Mutation, byte[] Bytes)> OfYaml(string valid)
    {
        var lines = valid.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#')) continue;
            yield return ($"line {i + 1} dropped", Utf8(string.Join('\n', lines.Where((_, k) => k != i))));
            yield return ($"line {i + 1} repeated", Utf8(string.Join('\n', lines.Take(i + 1).Concat(lines.Skip(i)))));
            yield return ($"line {i + 1} indented", Utf8(string.Join('\n', lines.Select((l, k) => k == i ? "   " + l : l))));
            int colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) continue;
            foreach (var value in YamlValues)
                yield return ($"line {i + 1}'s value set to {Short(value)}",
                    Utf8(string.Join('\n', lines.Select((l, k) => k == i ? l[..(colon + 2)] + value : l))));
        }
        yield return ("an anchor and an alias", Utf8(valid.Replace("options:", "options: &o").Replace("resources:", "extra: *o\nresources:")));
        yield return ("a merge key", Utf8(valid.Replace("options:", "options:\n  <<: {seed: 1}")));
        yield return ("an alias to a missing anchor", Utf8(valid.Replace("command: train", "command: *nowhere")));
        yield return ("a recursive anchor", Utf8(valid.Replace("resources:", "grid2: &a [*a]\nresources:")));
        yield return ("a billion-laughs alias bomb", Utf8(AliasBomb()));
        yield return ("a flow sequence 5,000 deep", Utf8("command: train\noptions: {model: " + new string('[', 5000) + new string(']', 5000) + "}"));
        yield return ("a block map 500 deep", Utf8("command: train\noptions:\n" + string.Concat(Enumerable.Range(1, 500).Select(d => new string(' ', d) + $"k{d}:\n")) + new string(' ', 501) + "v"));
        yield return ("a complex key", Utf8(valid.Replace("options:", "? [a, b]\n: 1\noptions:")));
        yield return ("tagged values", Utf8(valid.Replace("command: train", "command: !!binary dHJhaW4=")));
        yield return ("a language tag", Utf8(valid.Replace("command: train", "command: !!python/object:os.system [id]")));
        yield return ("a repeated key with a tag", Utf8(valid.Replace("command: train", "command: train\n!!str command: crossval")));
        yield return ("a second document", Utf8(valid + "\n---\ncommand: rdm-score\n"));
        yield return ("an empty document", Utf8("---\n...\n"));
        yield return ("only a comment", Utf8("# nothing\n"));
        yield return ("a tab as indentation", Utf8(valid.Replace("\n  ", "\n\t")));
        foreach (var bytes in NotUtf8(valid)) yield return bytes;
    }

    static readonly string[] YamlValues =
    [
        "", "~", "null", "[]", "{}", "[[[[1]]]]", "'@/etc/passwd'", "@/etc/passwd", "-x", "--help", "- a", "\"a\\0b\"", "\"a\\e[31m\"",
        "\"1G\\ntouch /tmp/x\"", "|\n  line one\n  line two", "1e999", "99999999999999999999999", "0x7FFFFFFF", ".nan", "-.inf",
        "*undefined", "&a value", "!!int x", "'unterminated", "{a: 1, a: 2}", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]",
    ];

    /// <summary>Invalid UTF-8 at the start, in the middle and at the end of a plan, a NUL byte and a byte-order mark.</summary>
    static IEnumerable<(string Mutation, byte[] Bytes)> NotUtf8(string valid)
    {
        var bytes = Utf8(valid);
        int middle = valid.IndexOf("train", StringComparison.Ordinal) + 2;
        foreach (var (name, insert) in new (string, byte[])[] { ("0xFF", [0xFF]), ("a lone continuation byte", [0x80]),
            ("a cut two-byte sequence", [0xC3]), ("an overlong '/'", [0xC0, 0xAF]), ("a surrogate", [0xED, 0xA0, 0x80]), ("a NUL", [0]) })
        {
            yield return ($"{name} inserted in a value", [.. bytes[..middle], .. insert, .. bytes[middle..]]);
            yield return ($"{name} at the end", [.. bytes, .. insert]);
        }
        yield return ("a byte-order mark", [0xEF, 0xBB, 0xBF, .. bytes]);
        yield return ("Latin-1 text", Encoding.Latin1.GetBytes(valid.Replace("train", "trâin")));
    }

    /// <summary>Ten levels of ten aliases: 10^10 values once expanded, in a few hundred bytes.</summary>
    static string AliasBomb()
    {
        var text = new StringBuilder("command: train\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level <= 10; level++)
            text.Append($"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        return text.Append("options: {model: *l10}\n").ToString();
    }

    static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    static string WithGrid(string valid, int axes, int values)
    {
        var plan = JsonNode.Parse(valid)!.AsObject();
        var grid = new JsonObject();
        for (int a = 0; a < axes; a++) grid[$"axis{a}"] = new JsonArray(Enumerable.Range(0, values).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        plan["grid"] = grid;
        return plan.ToJsonString();
    }

    /// <summary>Every object key and array index of the tree, as paths such as <c>options.model</c> or <c>grid.seed[1]</c>.</summary>
    static IEnumerable<string> Paths(JsonNode node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    string path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                    yield return path;
                    if (child is not null) foreach (var p in Paths(child, path)) yield return p;
                }
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    yield return $"{prefix}[{i}]";
                    if (a[i] is { } child) foreach (var p in Paths(child, $"{prefix}[{i}]")) yield return p;
                }
                break;
        }
    }

    /// <summary>Applies <paramref name="change"/> to the parent of <paramref name="path"/> in a fresh copy of the plan.</summary>
    static byte[] Edit(string valid, string path, Action<JsonNode, string> change)
    {
        var root = JsonNode.Parse(valid)!;
        var steps = path.Replace("[", ".[").Split('.', StringSplitOptions.RemoveEmptyEntries);
        JsonNode parent = root;
        foreach (var step in steps[..^1]) parent = step.StartsWith('[') ? parent[int.Parse(step[1..^1])]! : parent[step]!;
        change(parent, steps[^1]);
        // Relaxed escaping keeps control characters and lone surrogates as the hostile value gave them (escaped, not replaced).
        return Utf8(root.ToJsonString(new JsonSerializerOptions { MaxDepth = 1000, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    static void Remove(JsonNode parent, string key)
    {
        if (key.StartsWith('[')) parent.AsArray().RemoveAt(int.Parse(key[1..^1]));
        else parent.AsObject().Remove(key);
    }

    static void Set(JsonNode parent, string key, JsonNode? value)
    {
        if (key.StartsWith('[')) parent.AsArray()[int.Parse(key[1..^1])] = value;
        else parent.AsObject()[key] = value;
    }

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    static string Short(string value) => value.Length <= 30 ? value : $"{value[..20]}... ({value.Length} characters)";
}
