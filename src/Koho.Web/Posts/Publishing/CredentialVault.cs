using System.Text.Json;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts.Publishing;

/// <summary>
/// Accounts' API credentials: encrypted with Data Protection on the way in, decrypted only for a call. The page
/// says whether a connection is set and since when, never what it is; the audit record says who set it.
/// </summary>
public sealed class CredentialVault(KohoDbContext db, AuditTrail audit, IDataProtectionProvider protection, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<PublishingOptions>? options = null)
{
    private IDataProtector Protector => protection.CreateProtector("Koho.Posts.PlatformCredentials.v1");

    public async Task<Result<PlatformCredential>> SetAsync(Guid tenantId, Guid accountId, string? platformAccountId, string? baseUrl,
        IReadOnlyDictionary<string, string?> secrets, AuditActor actor, CancellationToken ct)
    {
        var account = await db.OfficialAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null) return Result<PlatformCredential>.Fail(["公式アカウントが見つかりません。"]);
        if (Networks.Of(account.Platform) is not { } network)
            return Result<PlatformCredential>.Fail([$"{Accounts.AccountLabels.Label(account.Platform)} には Koho から投稿できません（手動で投稿し、URL を記録します）。"]);
        var errors = new List<string>();
        platformAccountId = platformAccountId?.Trim();
        if (string.IsNullOrEmpty(platformAccountId) || platformAccountId.Length > 200) errors.Add("プラットフォーム上のアカウント ID を入力してください。");
        baseUrl = string.IsNullOrWhiteSpace(baseUrl) ? null : baseUrl.Trim();
        // An address on this machine over http only where explicitly allowed (tests against local fakes): otherwise a
        // manager could point the server at internal services. No user name or query: nothing secret lives in the URL.
        var loopbackOk = options?.Value.AllowLoopbackApis == true;
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var u)
                                    || !(u.Scheme == Uri.UriSchemeHttps && !u.IsLoopback || loopbackOk && u.IsLoopback && u.Scheme is "http" or "https")
                                    || u.UserInfo.Length > 0 || u.Query.Length > 0 || u.Fragment.Length > 0))
            errors.Add("API の URL は https:// で始まる外部の URL にしてください（ユーザー名やクエリ文字列は含めません）。");
        if (network == Connectors.Network.Mastodon && baseUrl is null) errors.Add("Mastodon ではインスタンスの URL（例: https://mastodon.example.jp）が必要です。");
        var values = new Dictionary<string, string>();
        foreach (var (key, label) in Networks.Secrets(network))
        {
            var v = secrets.GetValueOrDefault(key)?.Trim();
            if (string.IsNullOrEmpty(v)) errors.Add($"{label}を入力してください。");
            else if (v.Length > 4000) errors.Add($"{label}が長すぎます。");
            else values[key] = v;
        }
        if (errors.Count > 0) return Result<PlatformCredential>.Fail(errors);

        var credential = await db.PlatformCredentials.FirstOrDefaultAsync(c => c.AccountId == accountId, ct);
        var replaced = credential is not null;
        var isNew = credential is null;
        if (credential is null)
        {
            credential = new PlatformCredential { Id = Guid.NewGuid(), TenantId = tenantId, AccountId = accountId, PlatformAccountId = "", ProtectedSecrets = "", SetByName = "" };
            db.PlatformCredentials.Add(credential);
        }
        credential.PlatformAccountId = platformAccountId!;
        credential.BaseUrl = baseUrl;
        credential.ProtectedSecrets = Protector.Protect(JsonSerializer.Serialize(values));
        credential.SetAt = time.GetUtcNow();
        credential.SetByName = actor.Name;
        // The audit record names what was set, never a value.
        try
        {
            await audit.SaveAsync(new AuditEntry(tenantId, actor, "account.connection-set", "official-account", accountId.ToString(),
                After: AuditSummary.Of(new { Platform = network.ToString(), PlatformAccountId = platformAccountId, BaseUrl = baseUrl, Secrets = values.Keys, Replaced = replaced })), ct);
        }
        catch (DbUpdateException) when (isNew)
        {
            return Result<PlatformCredential>.Fail(["同時に別の職員が連携を設定しました。画面を開き直して確かめてください。"]);
        }
        return Result<PlatformCredential>.Ok(credential);
    }

    public async Task<Result<bool>> RemoveAsync(Guid tenantId, Guid accountId, AuditActor actor, CancellationToken ct)
    {
        var credential = await db.PlatformCredentials.FirstOrDefaultAsync(c => c.AccountId == accountId && c.TenantId == tenantId, ct);
        if (credential is null) return Result<bool>.Fail(["連携は設定されていません。"]);
        db.PlatformCredentials.Remove(credential);
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "account.connection-removed", "official-account", accountId.ToString()), ct);
        return Result<bool>.Ok(true);
    }

    /// <summary>The decrypted connection for a call (throws when the keys or the stored value cannot be read).</summary>
    public Connectors.Connection Open(PlatformCredential credential, string defaultBaseUrl)
    {
        var secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(Protector.Unprotect(credential.ProtectedSecrets)) ?? [];
        return new Connectors.Connection(new Uri(credential.BaseUrl ?? defaultBaseUrl), credential.PlatformAccountId, secrets);
    }
}
