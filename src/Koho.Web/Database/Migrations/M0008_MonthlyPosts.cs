using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>Posts per account and month (entered by hand until the posts feature counts them).</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0008_MonthlyPosts : Migration
{
    public const string Id = "20261122000008_MonthlyPosts";

    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("MonthlyPosts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            Month = t.Column<DateOnly>(nullable: false),
            Posts = t.Column<int>(nullable: false),
            EnteredBy = t.Column<string>(maxLength: 200, nullable: false),
            EnteredAt = t.Column<DateTimeOffset>(type: ColumnTypes.Instant(mb), nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MonthlyPosts", x => x.Id);
            t.ForeignKey("FK_MonthlyPosts_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MonthlyPosts_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_MonthlyPosts_AccountId_Month", "MonthlyPosts", ["AccountId", "Month"], unique: true);
        mb.CreateIndex("IX_MonthlyPosts_TenantId", "MonthlyPosts", "TenantId");
    }

    protected override void Down(MigrationBuilder mb) => mb.DropTable("MonthlyPosts");
}
