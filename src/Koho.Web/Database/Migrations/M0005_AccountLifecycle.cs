using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>What the account state machine and the public directory need: dates of opening and notice, policy link.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0005_AccountLifecycle : Migration
{
    public const string Id = "20261122000005_AccountLifecycle";

    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<DateTimeOffset>("StatusChangedAt", "OfficialAccounts", type: ColumnTypes.Instant(mb), nullable: true);
        mb.AddColumn<DateOnly>("OpenedOn", "OfficialAccounts", nullable: true);
        mb.AddColumn<DateOnly>("NoticeEndsOn", "OfficialAccounts", nullable: true);
        mb.AddColumn<string>("PolicyUrl", "OfficialAccounts", maxLength: 500, nullable: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("StatusChangedAt", "OfficialAccounts");
        mb.DropColumn("OpenedOn", "OfficialAccounts");
        mb.DropColumn("NoticeEndsOn", "OfficialAccounts");
        mb.DropColumn("PolicyUrl", "OfficialAccounts");
    }
}
