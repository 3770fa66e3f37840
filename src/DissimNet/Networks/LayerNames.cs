namespace DissimNet.Networks;

/// <summary>A network's tappable layer names in forward order, with readable aliases.</summary>
public sealed class LayerNames
{
    readonly List<string> _layers;
    readonly Dictionary<string, int> _index;
    readonly Dictionary<string, string> _aliases;
    readonly string _architecture;

    /// <summary>Creates the catalogue; every alias must point at a canonical layer.</summary>
    public LayerNames(string architecture, IEnumerable<string> layers, IEnumerable<KeyValuePair<string, string>> aliases)
    {
        _architecture = architecture;
        _layers = layers.ToList();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _layers.Count; i++) _index[_layers[i]] = i;
        _aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, target) in aliases)
        {
            if (!_index.ContainsKey(target))
                throw new InvalidOperationException($"{architecture}: alias '{alias}' points at unknown layer '{target}'");
            if (!_index.ContainsKey(alias)) _aliases[alias] = target;
        }
    }

    /// <summary>Canonical names in forward order.</summary>
    public IReadOnlyList<string> Layers => _layers;

    /// <summary>Alias to canonical name.</summary>
    public IReadOnlyDictionary<string, string> Aliases => _aliases;

    /// <summary>Aliases that point at <paramref name="layer"/>.</summary>
    public IEnumerable<string> AliasesOf(string layer) => _aliases.Where(kv => kv.Value == layer).Select(kv => kv.Key);

    /// <summary>Position of a canonical layer in forward order.</summary>
    public int IndexOf(string canonical) => _index[canonical];

    /// <summary>Canonical name for a canonical name or alias; throws listing the choices.</summary>
    public string Resolve(string nameOrAlias)
    {
        var name = nameOrAlias.Trim();
        if (_index.ContainsKey(name)) return name;
        if (_aliases.TryGetValue(name, out var target)) return target;
        var close = _aliases.Keys.Concat(_layers)
            .Where(n => n.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(n, StringComparison.OrdinalIgnoreCase))
            .Take(8).ToList();
        var choices = _aliases.Count > 0 ? string.Join(", ", _aliases.Keys.Take(40)) : string.Join(", ", _layers.Take(40));
        throw new DissimNetException(
            $"{_architecture}: no layer named '{nameOrAlias}'" +
            (close.Count > 0 ? $" (did you mean {string.Join(", ", close)}?)" : "") +
            $"; aliases: {choices}; `dissimnet layers` lists all {_layers.Count} layers of {_architecture}");
    }
}
