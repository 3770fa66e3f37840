using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace DissimNet.Sweeps;

/// <summary>Reads a sweep plan from JSON (<c>.json</c>) or YAML (<c>.yaml</c>, <c>.yml</c>); every mistake is one line naming the file and the key.</summary>
/// <remarks>Keys: <c>command</c> (required), <c>options</c>, <c>cases</c> (a list of option sets), <c>grid</c> and <c>resources</c> (<c>cpus</c>, <c>memory</c>, <c>time</c>,
/// <c>partition</c>, <c>gpus</c>). Option names are written without dashes.</remarks>
internal static class SweepPlanReader
{
    static readonly string[] TopLevel = ["command", "options", "cases", "grid", "resources"];
    static readonly string[] ResourceKeys = ["cpus", "memory", "time", "partition", "gpus"];

    /// <summary>Reads and checks the plan at <paramref name="path"/>.</summary>
    public static SweepPlan Read(string path)
    {
        if (!File.Exists(path)) throw new DissimNetException($"{path}: no such plan file");
        string text = IO.FileBytes.ReadText(path, "a sweep plan");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        JsonNode? root = ext is ".yaml" or ".yml" ? FromYaml(text, path) : FromJson(text, path);
        return Parse(root, path);
    }

    /// <summary>Checks a plan given as a JSON tree (as read from either format).</summary>
    public static SweepPlan Parse(JsonNode? root, string path)
    {
        if (root is not JsonObject plan) throw new DissimNetException($"{path}: expected an object with command, options, grid and resources");
        foreach (var (key, _) in plan)
            if (!TopLevel.Contains(key)) throw new DissimNetException($"{path}: unknown key '{key}' (expected {string.Join(", ", TopLevel)})");
        var commandText = plan["command"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        if (commandText is null) throw new DissimNetException($"{path}: 'command' must be one of train, crossval, rdm-score");
        var command = CellKinds.Parse(commandText) ?? throw new DissimNetException($"{path}: command '{commandText}' is not one of train, crossval, rdm-score");

        var options = OptionSet(Object(plan, "options", path), "options", path);
        var cases = new List<IReadOnlyList<PlanOption>>();
        if (plan["cases"] is { } casesNode)
        {
            if (casesNode is not JsonArray list || list.Any(c => c is not JsonObject))
                throw new DissimNetException($"{path}: 'cases' must be a list of objects of name: value");
            for (int c = 0; c < list.Count; c++)
            {
                var set = OptionSet((JsonObject)list[c]!, $"cases[{c}]", path);
                if (set.FirstOrDefault(o => options.Any(f => f.Name == o.Name)) is { } both)
                    throw new DissimNetException($"{path}: '{both.Name}' is both a fixed option and set in cases[{c}]");
                cases.Add(set);
            }
        }
        var grid = new List<PlanAxis>();
        foreach (var (name, node) in Object(plan, "grid", path))
        {
            CheckName(name, "grid", path);
            if (options.Any(o => o.Name == name)) throw new DissimNetException($"{path}: '{name}' is both a fixed option and a grid axis");
            if (cases.Any(c => c.Any(o => o.Name == name))) throw new DissimNetException($"{path}: '{name}' is both set in cases and a grid axis");
            var values = node is JsonArray list ? list.Select(item => Scalar(item, $"grid.{name}", path)).ToList() : [Scalar(node, $"grid.{name}", path)];
            if (values.Count == 0) throw new DissimNetException($"{path}: grid axis '{name}' has no values");
            if (values.Distinct().Count() != values.Count) throw new DissimNetException($"{path}: grid axis '{name}' repeats a value");
            grid.Add(new PlanAxis(name, values));
        }
        var resources = Resources(Object(plan, "resources", path), path);
        var result = new SweepPlan(path, command, options, cases, grid, resources);
        // Saturating: a grid of many long axes would overflow even a 64-bit product.
        if (grid.Aggregate((long)Math.Max(1, cases.Count), (n, a) => Math.Min(n * a.Values.Count, 100_001)) > 100_000)
            throw new DissimNetException($"{path}: the grid has more than 100,000 cells; split it into several sweeps");
        return result;
    }

    static List<PlanOption> OptionSet(JsonObject node, string section, string path)
    {
        var options = new List<PlanOption>();
        foreach (var (name, value) in node)
        {
            CheckName(name, section, path);
            var values = value is JsonArray list ? list.Select(item => Scalar(item, $"{section}.{name}", path)).ToList() : [Scalar(value, $"{section}.{name}", path)];
            options.Add(new PlanOption(name, values));
        }
        return options;
    }

    static JsonObject Object(JsonObject plan, string key, string path) => plan[key] switch
    {
        null => [],
        JsonObject o => o,
        _ => throw new DissimNetException($"{path}: '{key}' must be an object of name: value"),
    };

    static void CheckName(string name, string section, string path)
    {
        if (name.StartsWith('-')) throw new DissimNetException($"{path}: {section}.{name}: write option names without dashes");
        if (CellKinds.Reserved.Contains(name)) throw new DissimNetException($"{path}: {section}.{name}: the sweep sets '{name}' itself for every cell");
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new DissimNetException($"{path}: {section}: '{name}' is not an option name (letters, digits and dashes)");
    }

    /// <summary>A plan value as text; <paramref name="argument"/> for values that go on a cell's command line (options, cases,
    /// grid), which may not look like an option either.</summary>
    static string Scalar(JsonNode? node, string where, string path, bool argument = true)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String:
                    var text = PlanValues.Check(value.GetValue<string>(), where, path);
                    return argument ? PlanValues.CheckArgument(text, where, path) : text;
                case JsonValueKind.Number: return value.ToJsonString();
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
            }
        }
        throw new DissimNetException($"{path}: {where}: expected a text, number or true/false value");
    }

    static CellResources Resources(JsonObject node, string path)
    {
        var r = new CellResources();
        foreach (var (key, value) in node)
        {
            if (!ResourceKeys.Contains(key)) throw new DissimNetException($"{path}: unknown key 'resources.{key}' (expected {string.Join(", ", ResourceKeys)})");
            string text = Scalar(value, $"resources.{key}", path, argument: false); // checked against Slurm's syntax below
            r = key switch
            {
                "cpus" => r with { Cpus = PositiveInt(text, "resources.cpus", path, min: 1) },
                "gpus" => r with { Gpus = PositiveInt(text, "resources.gpus", path, min: 0) },
                "memory" => r with { Memory = text },
                "time" => r with { Time = text },
                _ => r with { Partition = text },
            };
        }
        PlanValues.Check(r, path);
        return r;
    }

    static int PositiveInt(string text, string where, string path, int min) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min
            ? n : throw new DissimNetException($"{path}: {where}: expected a whole number of at least {min}, got '{text}'");

    static JsonNode? FromJson(string text, string path)
    {
        try
        {
            var root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
            DecodeStrings(root);
            return root;
        }
        catch (InvalidOperationException)
        {
            // The JSON parser accepts "\ud800" alone; decoding that string (or key) fails later, so every string is decoded here.
            throw new DissimNetException($"{path}: not valid JSON (a string escapes half of a UTF-16 surrogate pair, such as \\ud800 alone)");
        }
        catch (JsonException e)
        {
            // A repeated key is refused (AllowDuplicateProperties = false): which value would count is anyone's guess.
            var reason = e.Message.Split(" Path:")[0].Replace(" encountered during deserialization", " in one object", StringComparison.Ordinal);
            throw new DissimNetException($"{path}: not valid JSON ({(e.LineNumber is { } line ? $"line {line + 1}: " : "")}{reason})");
        }
    }

    /// <summary>Decodes every key and string of the tree once, so text that is not valid fails here, not in the middle of the checks.</summary>
    static void DecodeStrings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o: foreach (var (_, child) in o) DecodeStrings(child); break;
            case JsonArray a: foreach (var child in a) DecodeStrings(child); break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String: v.GetValue<string>(); break;
        }
    }

    static JsonNode? FromYaml(string text, string path)
    {
        YamlBounds.Check(text, path); // depth, expanded size and documents, before any tree is built
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new DissimNetException($"{path}: not valid YAML (line {e.Start.Line}: {e.Message})");
        }
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode, path);
    }

    /// <summary>YAML to a JSON tree; plain true/false become booleans (flags), every other scalar stays text (it becomes command-line text anyway).</summary>
    /// <exception cref="DissimNetException">For a key that is not a text (a list or mapping as a key), or two keys of one mapping that are the same text.</exception>
    static JsonNode? ToJson(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var json = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: var name })
                        throw new DissimNetException($"{path}: not valid YAML (line {key.Start.Line}: a key must be a text, not a list or mapping)");
                    if (!json.TryAdd(name ?? "", ToJson(value, path)))
                        throw new DissimNetException($"{path}: not valid YAML (line {key.Start.Line}: Duplicate key {name})");
                }
                return json;
            case YamlSequenceNode list:
                return new JsonArray(list.Children.Select(item => ToJson(item, path)).ToArray());
            case YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when s.Value is "true" or "false":
                return JsonValue.Create(s.Value == "true");
            case YamlScalarNode s:
                return JsonValue.Create(s.Value ?? "");
            default:
                return null;
        }
    }
}
