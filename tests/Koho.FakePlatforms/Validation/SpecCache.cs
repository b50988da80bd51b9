using System.Collections.Concurrent;

namespace Koho.FakePlatforms.Validation;

/// <summary>Specifications are parsed once per process (the LINE OpenAPI file is 180 KB of YAML), not once per fake.</summary>
internal static class SpecCache
{
    private static readonly ConcurrentDictionary<(string, Type), Lazy<object>> Cache = new();

    public static T Get<T>(string path, Func<string, T> load) where T : class =>
        (T)Cache.GetOrAdd((path, typeof(T)), key => new Lazy<object>(() => load(key.Item1))).Value;
}
