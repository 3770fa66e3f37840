using System.Security.Cryptography;
using System.Text;

namespace DissimNet.Sweeps;

/// <summary>One cell of a sweep: its place in the grid, its stable id and its values on each axis.</summary>
/// <param name="Index">Position in the grid (row-major over the axes in plan order); also the Slurm array index.</param>
/// <param name="Id">Folder name of the cell: readable values plus a hash of the command and every option, so it stays the same
/// when the plan is re-run and changes when anything the cell runs changes.</param>
/// <param name="Varying">The cell's own options: its case's, then its value on each grid axis.</param>
internal sealed record SweepCell(int Index, string Id, IReadOnlyList<PlanOption> Varying)
{
    /// <summary>The cell's value of each varying option (several values joined by commas), in plan order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => Varying.Select(o => KeyValuePair.Create(o.Name, string.Join(",", o.Values))).ToList();

    /// <summary>The cell's value of one varying option, or null when its case does not set it.</summary>
    public string? Value(string name) => Varying.FirstOrDefault(o => o.Name == name) is { } o ? string.Join(",", o.Values) : null;

    /// <summary>Every cell of a plan: each case crossed with the grid, the last axis varying fastest.</summary>
    public static IReadOnlyList<SweepCell> Expand(SweepPlan plan)
    {
        var cells = new List<SweepCell>(plan.CellCount);
        IReadOnlyList<IReadOnlyList<PlanOption>> cases = plan.Cases.Count > 0 ? plan.Cases : [[]];
        foreach (var @case in cases)
        {
            var combination = new int[plan.Grid.Count];
            for (int k = 0; k < plan.CellCount / cases.Count; k++)
            {
                List<PlanOption> varying = [.. @case, .. plan.Grid.Select((axis, a) => new PlanOption(axis.Name, [axis.Values[combination[a]]]))];
                cells.Add(new SweepCell(cells.Count, IdOf(plan, varying), varying));
                for (int a = plan.Grid.Count - 1; a >= 0; a--)
                {
                    if (++combination[a] < plan.Grid[a].Values.Count) break;
                    combination[a] = 0;
                }
            }
        }
        return cells;
    }

    /// <summary>The options this cell passes to its command: the plan's fixed ones, then its own.</summary>
    public IReadOnlyList<PlanOption> Options(SweepPlan plan) => [.. plan.Options, .. Varying];

    static string IdOf(SweepPlan plan, IReadOnlyList<PlanOption> varying)
    {
        var parameters = varying.Select(o => KeyValuePair.Create(o.Name, string.Join(",", o.Values))).ToList();
        var readable = string.Join("_", parameters.Select(p => Clean(p.Key) + "-" + Clean(p.Value)));
        if (readable.Length == 0) readable = "cell";
        if (readable.Length > 60) readable = readable[..60];
        var canonical = new StringBuilder(plan.Command.Name());
        foreach (var option in plan.Options) canonical.Append('\n').Append(option.Name).Append('=').AppendJoin('\u001f', option.Values);
        foreach (var o in varying) canonical.Append("\n@").Append(o.Name).Append('=').AppendJoin('\u001f', o.Values);
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
