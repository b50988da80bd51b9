using System.Security.Cryptography;

namespace Koho.Web.Audit;

/// <summary>
/// The secret that keys the audit chain's HMAC. Kept outside the database on purpose: someone who can write
/// to the database (and drop its triggers) still cannot compute valid hashes for records they forge or rewrite.
/// Taken from <c>Koho:Audit:Key</c> (base64, at least 32 bytes) or, when that is not set, from the key file
/// <c>Koho:Audit:KeyFile</c> (default data/audit.key, created on first use, readable by the owner only).
/// Several nodes sharing one database must share the key: set <c>Koho:Audit:Key</c> on each.
/// </summary>
public sealed class AuditKey
{
    public const string KeySetting = "Koho:Audit:Key";
    public const string KeyFileSetting = "Koho:Audit:KeyFile";
    public const string DefaultKeyFile = "data/audit.key";

    public byte[] Key { get; }

    public AuditKey(IConfiguration config)
    {
        var configured = config[KeySetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Key = Convert.FromBase64String(configured.Trim());
            if (Key.Length < 32) throw new InvalidOperationException($"{KeySetting} は32バイト以上の鍵（Base64）にしてください。");
            return;
        }
        Key = LoadOrCreate(Path.GetFullPath(config[KeyFileSetting] ?? DefaultKeyFile));
    }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temp, path, overwrite: false);
            return key;
        }
        catch (IOException)
        {
            // Another process created it first: use theirs.
            File.Delete(temp);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
