using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>The operators (運用担当者) of each official account.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0011_AccountOperators : Migration
{
    public const string Id = "20261122000011_AccountOperators";

    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("AccountOperators", t => new
        {
            AccountId = t.Column<Guid>(nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AccountOperators", x => new { x.AccountId, x.UserId });
            t.ForeignKey("FK_AccountOperators_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_AccountOperators_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_AccountOperators_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_AccountOperators_TenantId", "AccountOperators", "TenantId");
        mb.CreateIndex("IX_AccountOperators_UserId", "AccountOperators", "UserId");
    }

    protected override void Down(MigrationBuilder mb) => mb.DropTable("AccountOperators");
}
