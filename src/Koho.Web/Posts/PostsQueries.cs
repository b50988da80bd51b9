using System.Security.Claims;
using Koho.Packs;
using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>Lists of posts as each user may see them.</summary>
public static class PostsQueries
{
    public sealed record Row(Guid Id, string Text, PostStatus Status, PostKind Kind, DateTimeOffset? ScheduledAt, string AuthorName,
        DateTimeOffset UpdatedAt, bool Blocked, List<(string Name, Platform Platform)> Accounts, string? OutsideOrganization = null);

    /// <summary>The accounts whose posts the user works on: those they draft for, or approve.</summary>
    public static async Task<List<OfficialAccount>> WorkingAccountsAsync(KohoDbContext db, ClaimsPrincipal user, GuidelinePack pack, CancellationToken ct)
    {
        var all = await db.OfficialAccounts.AsNoTracking().Where(a => a.Status != AccountStatus.Applying).ToListAsync(ct);
        var mine = new List<OfficialAccount>();
        foreach (var a in all)
            if (await PostScope.CanDraftAsync(db, user, a, ct) || await PostScope.HoldsOfficeForAsync(db, user, pack.Approval.Approver, a, ct)) mine.Add(a);
        return mine;
    }

    public static async Task<List<Row>> ListAsync(KohoDbContext db, ClaimsPrincipal user, GuidelinePack pack, PostStatus? status, int take, CancellationToken ct)
    {
        var me = CurrentUser.From(user);
        IQueryable<Post> query;
        // An outside organisation's people see the posts of its accounts and nothing else — not even their own once an
        // account is taken back, nor a post that also goes to an account not entrusted to it.
        if (await Contractors.OutsideAccess.AccountIdsAsync(db, user, ct) is { } entrusted)
        {
            var ids = entrusted.ToList();
            query = db.Posts.AsNoTracking().Where(p => db.PostTargets.Any(t => t.PostId == p.Id)
                                                       && !db.PostTargets.Any(t => t.PostId == p.Id && !ids.Contains(t.AccountId)));
        }
        else
        {
            var accountIds = (await WorkingAccountsAsync(db, user, pack, ct)).Select(a => a.Id).ToList();
            query = db.Posts.AsNoTracking()
                .Where(p => p.AuthorId == me.Id || db.PostTargets.Any(t => t.PostId == p.Id && accountIds.Contains(t.AccountId)));
        }
        if (status is { } s) query = query.Where(p => p.Status == s);
        var posts = await query.OrderByDescending(p => p.UpdatedAt).Take(take).ToListAsync(ct);
        return await RowsAsync(db, posts, ct);
    }

    /// <summary>Posts waiting for this user's decision, the most urgent first (no time set: as soon as approved).</summary>
    public static async Task<List<Row>> QueueAsync(KohoDbContext db, ClaimsPrincipal user, GuidelinePack pack, CancellationToken ct)
    {
        var me = CurrentUser.From(user);
        var waiting = await db.Posts.AsNoTracking().Where(p => p.Status == PostStatus.Submitted && p.AuthorId != me.Id).ToListAsync(ct);
        var targets = await TargetsAsync(db, waiting.Select(p => p.Id).ToList(), ct);
        var mine = new List<Post>();
        foreach (var p in waiting)
            if (await PostScope.CanApproveAsync(db, user, pack, targets.GetValueOrDefault(p.Id, []), ct)) mine.Add(p);
        var ordered = mine.OrderBy(p => p.ScheduledAt.HasValue).ThenBy(p => p.ScheduledAt).ThenBy(p => p.UpdatedAt).ToList();
        return await RowsAsync(db, ordered, ct);
    }

    private static async Task<Dictionary<Guid, List<OfficialAccount>>> TargetsAsync(KohoDbContext db, List<Guid> postIds, CancellationToken ct)
    {
        var pairs = await (from t in db.PostTargets.AsNoTracking()
                           join a in db.OfficialAccounts.AsNoTracking() on t.AccountId equals a.Id
                           where postIds.Contains(t.PostId)
                           select new { t.PostId, Account = a }).ToListAsync(ct);
        return pairs.GroupBy(x => x.PostId).ToDictionary(g => g.Key, g => g.Select(x => x.Account).OrderBy(a => a.Name).ToList());
    }

    private static async Task<List<Row>> RowsAsync(KohoDbContext db, List<Post> posts, CancellationToken ct)
    {
        var targets = await TargetsAsync(db, posts.Select(p => p.Id).ToList(), ct);
        return posts.Select(p => new Row(p.Id, p.Text, p.Status, p.Kind, p.ScheduledAt, p.AuthorName, p.UpdatedAt, p.Blocked,
            targets.GetValueOrDefault(p.Id, []).Select(a => (a.Name, a.Platform)).ToList(), p.OutsideOrganizationName)).ToList();
    }
}
