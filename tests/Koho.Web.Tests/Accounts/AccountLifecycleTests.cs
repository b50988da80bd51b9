using Koho.Packs;
using Koho.Web.Accounts;

namespace Koho.Web.Tests.Accounts;

/// <summary>The official account's state machine, and the pack's say on deleting a stopped account.</summary>
public sealed class AccountLifecycleTests
{
    private static GuidelinePack Pack(string id) => PackCatalog.BuiltIn.Get(id);

    [Fact]
    public void An_account_moves_only_along_its_life_and_a_wrong_move_says_what_is_possible()
    {
        var joetsu = Pack("joetsu");
        Assert.Null(AccountLifecycle.Refusal(AccountStatus.Applying, AccountStatus.Approved, joetsu));
        Assert.Null(AccountLifecycle.Refusal(AccountStatus.Approved, AccountStatus.Operating, joetsu));
        Assert.Null(AccountLifecycle.Refusal(AccountStatus.Operating, AccountStatus.SuspensionNoticed, joetsu));
        Assert.Null(AccountLifecycle.Refusal(AccountStatus.SuspensionNoticed, AccountStatus.Operating, joetsu)); // notice withdrawn
        Assert.Null(AccountLifecycle.Refusal(AccountStatus.SuspensionNoticed, AccountStatus.Suspended, joetsu));
        Assert.Null(AccountLifecycle.Refusal(AccountStatus.Suspended, AccountStatus.Deleted, joetsu)); // Joetsu 6(1)③ deletes

        Assert.Equal("「申請中」のアカウントを「運用中」にはできません（次にできる状態: 「承認済」）。",
            AccountLifecycle.Refusal(AccountStatus.Applying, AccountStatus.Operating, joetsu));
        Assert.Contains("次にできる状態: ありません", AccountLifecycle.Refusal(AccountStatus.Deleted, AccountStatus.Operating, joetsu));
        Assert.Contains("すでに「運用中」", AccountLifecycle.Refusal(AccountStatus.Operating, AccountStatus.Operating, joetsu));
        // Stopping without notice is not a move: citizens are told first.
        Assert.NotNull(AccountLifecycle.Refusal(AccountStatus.Operating, AccountStatus.Suspended, joetsu));
    }

    [Fact]
    public void Komae_never_deletes_a_stopped_account_and_says_so_with_its_clause()
    {
        var komae = Pack("komae");
        var refusal = AccountLifecycle.Refusal(AccountStatus.Suspended, AccountStatus.Deleted, komae);
        Assert.NotNull(refusal);
        Assert.Contains("4(5)エ", refusal);
        Assert.DoesNotContain(AccountStatus.Deleted, AccountLifecycle.Next(AccountStatus.Suspended, komae));
        Assert.Contains(AccountStatus.Deleted, AccountLifecycle.Next(AccountStatus.Suspended, Pack("joetsu")));
    }
}
