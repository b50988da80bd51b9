using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>年度末の手続: plan renewals and annual effectiveness reviews of official accounts.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0009_YearEndReviews : Migration
{
    public const string Id = "20261122000009_YearEndReviews";

    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("YearEndReviews", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            FiscalYear = t.Column<int>(nullable: false),
            PlanRenewed = t.Column<bool>(nullable: false),
            Outcome = t.Column<string>(maxLength: 20, nullable: true),
            Followers = t.Column<int>(nullable: true),
            PostsInYear = t.Column<int>(nullable: false),
            ExistingAccountChecks = t.Column<string>(nullable: true),
            Notes = t.Column<string>(nullable: true),
            CompletedByName = t.Column<string>(maxLength: 200, nullable: false),
            CompletedAt = t.Column<DateTimeOffset>(type: ColumnTypes.Instant(mb), nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_YearEndReviews", x => x.Id);
            t.ForeignKey("FK_YearEndReviews_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_YearEndReviews_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_YearEndReviews_AccountId_FiscalYear", "YearEndReviews", ["AccountId", "FiscalYear"], unique: true);
        mb.CreateIndex("IX_YearEndReviews_TenantId", "YearEndReviews", "TenantId");
    }

    protected override void Down(MigrationBuilder mb) => mb.DropTable("YearEndReviews");
}
