using System.Security.Cryptography;
using System.Text;

namespace DissimNet.Sweeps;

/// <summary>One cell of a sweep: its place in the grid, its stable id and its values on each axis.</summary>
/// <param name="Index">Position in the grid (row-major over the axes in plan order); also the Slurm array index.</param>
/// <param name="Id">Folder name of the cell: readable values plus a hash of the command and every option, so it stays the same
/// when the plan is re-run and changes when anything the cell runs changes.</param>
/// <param name="Parameters">The cell's value on each axis, in plan order.</param>
public sealed record SweepCell(int Index, string Id, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>Every cell of a plan, in grid order.</summary>
    public static IReadOnlyList<SweepCell> Expand(SweepPlan plan)
    {
        var cells = new List<SweepCell>(plan.CellCount);
        var combination = new int[plan.Grid.Count];
        for (int index = 0; index < plan.CellCount; index++)
        {
            var parameters = plan.Grid.Select((axis, a) => KeyValuePair.Create(axis.Name, axis.Values[combination[a]])).ToList();
            cells.Add(new SweepCell(index, IdOf(plan, parameters), parameters));
            for (int a = plan.Grid.Count - 1; a >= 0; a--) // the last axis varies fastest
            {
                if (++combination[a] < plan.Grid[a].Values.Count) break;
                combination[a] = 0;
            }
        }
        return cells;
    }

    /// <summary>The options this cell passes to its command: the plan's fixed ones, then its grid values.</summary>
    public IReadOnlyList<PlanOption> Options(SweepPlan plan) =>
        [.. plan.Options, .. Parameters.Select(p => new PlanOption(p.Key, [p.Value]))];

    static string IdOf(SweepPlan plan, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var readable = string.Join("_", parameters.Select(p => Clean(p.Key) + "-" + Clean(p.Value)));
        if (readable.Length == 0) readable = "cell";
        if (readable.Length > 60) readable = readable[..60];
        var canonical = new StringBuilder(plan.Command.Name());
        foreach (var option in plan.Options) canonical.Append('\n').Append(option.Name).Append('=').AppendJoin('\u001f', option.Values);
        foreach (var p in parameters) canonical.Append("\n@").Append(p.Key).Append('=').Append(p.Value);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..8];
        return $"{readable}-{hash}";
    }

    /// <summary>A value as a file-name part: letters, digits, '.' and '-' kept, the rest (path separators included) become '-'.</summary>
    static string Clean(string text)
    {
        var name = new string(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').ToArray()).Trim('.', '-');
        return name.Length > 24 ? name[..24] : name;
    }
}
