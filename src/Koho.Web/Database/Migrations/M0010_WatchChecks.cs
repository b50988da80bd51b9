using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>Periodic checks of stopped accounts kept instead of deleted (Komae 4(5)エ).</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0010_WatchChecks : Migration
{
    public const string Id = "20261122000010_WatchChecks";

    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("WatchChecks", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            CheckedOn = t.Column<DateOnly>(nullable: false),
            Intact = t.Column<bool>(nullable: false),
            Note = t.Column<string>(nullable: true),
            CheckedByName = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_WatchChecks", x => x.Id);
            t.ForeignKey("FK_WatchChecks_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_WatchChecks_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_WatchChecks_AccountId_CheckedOn", "WatchChecks", ["AccountId", "CheckedOn"]);
        mb.CreateIndex("IX_WatchChecks_TenantId", "WatchChecks", "TenantId");
    }

    protected override void Down(MigrationBuilder mb) => mb.DropTable("WatchChecks");
}
