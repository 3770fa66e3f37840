using System.Reflection;

namespace DissimNet.Tests.Architecture;

/// <summary>The library's public types are its API (docs/api.md): each is named there, or appears in the public signature of a
/// type named there. Everything else is internal, so a helper made public by accident fails here.</summary>
public class PublicApiTests
{
    static readonly Assembly Library = typeof(DissimNetException).Assembly;

    static IEnumerable<Type> Mentioned(Type type)
    {
        if (type.IsGenericType) foreach (var a in type.GetGenericArguments().SelectMany(Mentioned)) yield return a;
        if (type.HasElementType) foreach (var e in Mentioned(type.GetElementType()!)) yield return e;
        if (!type.IsGenericType && !type.HasElementType) yield return Nullable.GetUnderlyingType(type) ?? type;
        else if (type.IsGenericType && type.Assembly == Library) yield return type.IsGenericTypeDefinition ? type : type.GetGenericTypeDefinition();
    }

    /// <summary>The library types a public member of <paramref name="type"/> names: base type, interfaces, nested public types,
    /// fields, properties, method parameters and results.</summary>
    static IEnumerable<Type> Signature(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var named = new List<Type>();
        if (type.BaseType is { } b) named.Add(b);
        named.AddRange(type.GetInterfaces());
        named.AddRange(type.GetNestedTypes(BindingFlags.Public));
        named.AddRange(type.GetFields(flags).Select(f => f.FieldType));
        named.AddRange(type.GetProperties(flags).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(flags).Cast<MethodBase>().Concat(type.GetConstructors(flags)))
        {
            named.AddRange(method.GetParameters().Select(p => p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType));
            if (method is MethodInfo m) named.Add(m.ReturnType);
        }
        return named.SelectMany(Mentioned).Where(t => t.Assembly == Library);
    }

    [Fact]
    public void EveryPublicTypeIsDocumentedOrPartOfADocumentedSignature()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "api.md"));
        var exported = Library.GetExportedTypes().Where(t => !t.IsNested).ToHashSet();
        var documented = exported.Where(t => doc.Contains($"`{t.Name}`")).ToList();
        Assert.True(documented.Count >= 30, $"docs/api.md names only {documented.Count} public types");
        var reachable = new HashSet<Type>(documented);
        var queue = new Queue<Type>(documented);
        while (queue.TryDequeue(out var type))
            foreach (var next in Signature(type))
                if (next.IsPublic && reachable.Add(next)) queue.Enqueue(next);
        var stray = exported.Where(t => !reachable.Contains(t)).Select(t => t.FullName).Order().ToList();
        Assert.True(stray.Count == 0, $"public types outside the API of docs/api.md (make them internal, or document them): {string.Join(", ", stray)}");
    }

    [Fact]
    public void EveryTypeTheApiPageNamesInItsTableIsPublic()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "api.md"));
        var table = doc.Split('\n').Where(l => l.StartsWith("| `DissimNet.", StringComparison.Ordinal));
        var names = table.SelectMany(l => l.Split('|')[2].Split(',')).Select(n => n.Trim().Trim('`')).Where(n => n.Length > 0).ToList();
        var exported = Library.GetExportedTypes().Select(t => t.Name).ToHashSet();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(exported.Contains(n), $"docs/api.md names {n}, which is not a public type"));
    }
}
