using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>Impact assessments recorded with a stop notice; impersonation warnings shown on the public directory.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0012_WithdrawalAndWarnings : Migration
{
    public const string Id = "20261123000012_WithdrawalAndWarnings";

    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("WithdrawalAssessments", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            Followers = t.Column<int>(nullable: false),
            MainAccountId = t.Column<Guid>(nullable: true),
            References = t.Column<string>(nullable: false),
            PostsLastYear = t.Column<int>(nullable: false),
            AssessedByName = t.Column<string>(maxLength: 200, nullable: false),
            AssessedAt = t.Column<DateTimeOffset>(type: ColumnTypes.Instant(mb), nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_WithdrawalAssessments", x => x.Id);
            t.ForeignKey("FK_WithdrawalAssessments_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_WithdrawalAssessments_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_WithdrawalAssessments_AccountId", "WithdrawalAssessments", "AccountId");
        mb.CreateIndex("IX_WithdrawalAssessments_TenantId", "WithdrawalAssessments", "TenantId");

        mb.CreateTable("ImpersonationWarnings", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Platform = t.Column<string>(maxLength: 20, nullable: false),
            ImpostorHandle = t.Column<string>(maxLength: 200, nullable: false),
            GenuineAccountId = t.Column<Guid>(nullable: true),
            Message = t.Column<string>(maxLength: 500, nullable: false),
            RaisedAt = t.Column<DateTimeOffset>(type: ColumnTypes.Instant(mb), nullable: false),
            RaisedByName = t.Column<string>(maxLength: 200, nullable: false),
            ClearedAt = t.Column<DateTimeOffset>(type: ColumnTypes.Instant(mb), nullable: true),
            ClearedByName = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ImpersonationWarnings", x => x.Id);
            t.ForeignKey("FK_ImpersonationWarnings_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ImpersonationWarnings_OfficialAccounts_GenuineAccountId", x => x.GenuineAccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_ImpersonationWarnings_TenantId_ClearedAt", "ImpersonationWarnings", ["TenantId", "ClearedAt"]);
        mb.CreateIndex("IX_ImpersonationWarnings_GenuineAccountId", "ImpersonationWarnings", "GenuineAccountId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("ImpersonationWarnings");
        mb.DropTable("WithdrawalAssessments");
    }
}
