namespace Koho.FakePlatforms;

/// <summary>
/// Finds the platform specifications. They are not copied into the repository: they live in the sibling folder
/// ../shared/platform-specs of the repository root (the directory that holds Koho.sln).
/// </summary>
public static class SpecFiles
{
    public static string Locate(string? configured = null)
    {
        if (configured is not null)
            return Directory.Exists(configured) ? configured : throw Missing(configured, "the configured SpecsDirectory");

        var root = RepositoryRoot()
                   ?? throw new DirectoryNotFoundException(
                       "Koho.FakePlatforms: cannot find the repository root (a directory containing Koho.sln) above "
                       + $"'{AppContext.BaseDirectory}' or '{Directory.GetCurrentDirectory()}'; the platform specifications are looked up "
                       + "at <repository root>/../shared/platform-specs.");
        var specs = Path.GetFullPath(Path.Combine(root, "..", "shared", "platform-specs"));
        return Directory.Exists(specs) ? specs : throw Missing(specs, $"the repository root '{root}' + ../shared/platform-specs");
    }

    public static string File(string specsDirectory, params string[] relative)
    {
        var path = Path.Combine([specsDirectory, .. relative]);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Koho.FakePlatforms: platform specification '{path}' is missing (expected in {specsDirectory}).", path);
    }

    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Koho.sln"))) return dir.FullName;
            }
        }
        return null;
    }

    private static DirectoryNotFoundException Missing(string path, string how) =>
        new($"Koho.FakePlatforms: the platform specifications were not found at '{path}' ({how}). They are not part of this "
            + "repository: check out the shared folder beside it (…/shared/platform-specs next to …/main) or set FakePlatformOptions.SpecsDirectory.");
}
