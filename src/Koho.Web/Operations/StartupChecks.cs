using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Operations;

public static class StartupChecks
{
    public static async Task<bool> AdministratorExistsAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        return await (from ur in db.UserRoles
                      join r in db.Roles on ur.RoleId equals r.Id
                      where r.Name == KohoRoles.Administrator
                      select ur.UserId).AnyAsync(ct);
    }

    /// <summary>
    /// Koho refuses to start with a guideline pack that does not validate, and says which and why (file, line,
    /// problem) — a broken pack would otherwise surface as wrong verdicts, not as an error.
    /// </summary>
    public static void RequireValidPacks(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<Koho.Web.Packs.PackRegistry>().Catalog;
        }
        catch (Koho.Packs.InvalidPackException e)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Koho.Startup").LogCritical(
                "ガイドラインパックに誤りがあるため起動できません:\n{Problems}", string.Join("\n", e.Problems));
            throw;
        }
    }

    /// <summary>Outside Development Koho seeds nothing, so it refuses to start until someone can administer it.</summary>
    public static async Task RequireAdministratorAsync(IServiceProvider services)
    {
        if (!await AdministratorExistsAsync(services))
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Koho.Startup").LogCritical(
                "システム管理者が登録されていないため起動できません。`koho admin create` を実行してください。");
            throw new InvalidOperationException(
                "システム管理者が登録されていないため起動できません。先に `koho admin create` で管理者を作成してください。" +
                " (No administrator exists: run `koho admin create` first.)");
        }
    }
}
