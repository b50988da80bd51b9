using Koho.Packs;

namespace Koho.Web.Accounts;

/// <summary>
/// The official account's state machine. Which moves exist is fixed; whether a stopped account may be deleted
/// comes from the municipality's pack (Komae 4(5)エ: a stopped account is kept and watched, never deleted).
/// </summary>
public static class AccountLifecycle
{
    private static readonly Dictionary<AccountStatus, AccountStatus[]> Moves = new()
    {
        [AccountStatus.Applying] = [AccountStatus.Approved],
        [AccountStatus.Approved] = [AccountStatus.Operating],
        [AccountStatus.Operating] = [AccountStatus.SuspensionNoticed],
        // A notice can be withdrawn; after it, the account stops.
        [AccountStatus.SuspensionNoticed] = [AccountStatus.Suspended, AccountStatus.Operating],
        // A stopped account can run again, or be deleted where the pack allows.
        [AccountStatus.Suspended] = [AccountStatus.Operating, AccountStatus.Deleted],
        [AccountStatus.Deleted] = [],
    };

    /// <summary>The states an account in <paramref name="from"/> can move to under this pack.</summary>
    public static IEnumerable<AccountStatus> Next(AccountStatus from, GuidelinePack pack) =>
        Moves[from].Where(to => Refusal(from, to, pack) is null);

    /// <summary>Why the move is not allowed (Japanese, with the clause where the pack has one), or null.</summary>
    public static string? Refusal(AccountStatus from, AccountStatus to, GuidelinePack pack)
    {
        if (from == to) return $"アカウントはすでに「{to.Label()}」です。";
        if (!Moves[from].Contains(to))
        {
            var allowed = Moves[from].Length == 0 ? "ありません" : string.Join("・", Moves[from].Select(s => $"「{s.Label()}」"));
            return $"「{from.Label()}」のアカウントを「{to.Label()}」にはできません（次にできる状態: {allowed}）。";
        }
        if (to == AccountStatus.Deleted && !pack.Lifecycle.Withdrawal.DeleteAfterNotice.Value)
        {
            var basis = pack.Lifecycle.Withdrawal.DeleteAfterNotice;
            var source = basis.Clauses.Count > 0 ? $"{pack.Title} {string.Join("・", basis.Clauses)}" : "この団体のパックの既定";
            return $"停止したアカウントは削除せず、残して状況を確認し続けます（{source}）。";
        }
        return null;
    }
}
