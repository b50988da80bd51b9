using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>
/// Offboarding an outside organisation: the accounts it ran need their password changed and their connected apps
/// reviewed after the day it ended (a hygiene task for the account manager until done).
/// </summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0017_OutsideOffboarding : Migration
{
    public const string Id = "20261127000017_OutsideOffboarding";

    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<DateOnly>("RotationDueSince", "OfficialAccounts", nullable: true);
        mb.AddColumn<string>("RotationReason", "OfficialAccounts", maxLength: 300, nullable: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("RotationReason", "OfficialAccounts");
        mb.DropColumn("RotationDueSince", "OfficialAccounts");
    }
}
