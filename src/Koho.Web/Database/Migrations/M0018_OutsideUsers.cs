using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>
/// People of outside organisations: their users, the contract's social media clauses and the representative's
/// confirmation of them, their confirmations of the guideline, and the organisation on their posts and incidents.
/// </summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0018_OutsideUsers : Migration
{
    public const string Id = "20261128000018_OutsideUsers";

    protected override void Up(MigrationBuilder mb)
    {
        var instant = ColumnTypes.Instant(mb);
        if (mb.IsSqlite())
        {
            // SQLite adds a foreign key only with a new column (ALTER TABLE … REFERENCES), which EF's AddColumn does not write.
            mb.Sql("""ALTER TABLE "AspNetUsers" ADD COLUMN "OutsideOrganizationId" TEXT NULL REFERENCES "OutsideOrganizations" ("Id") ON DELETE RESTRICT;""");
        }
        else
        {
            mb.AddColumn<Guid>("OutsideOrganizationId", "AspNetUsers", nullable: true);
            mb.AddForeignKey("FK_AspNetUsers_OutsideOrganizations_OutsideOrganizationId", "AspNetUsers", "OutsideOrganizationId",
                "OutsideOrganizations", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        }
        mb.AddColumn<bool>("IsOutsideRepresentative", "AspNetUsers", nullable: false, defaultValue: false);
        mb.CreateIndex("IX_AspNetUsers_OutsideOrganizationId", "AspNetUsers", "OutsideOrganizationId");

        mb.AddColumn<string>("ContractClauses", "OutsideOrganizations", maxLength: 10000, nullable: true);
        mb.AddColumn<DateTimeOffset>("ClausesConfirmedAt", "OutsideOrganizations", type: instant, nullable: true);
        mb.AddColumn<Guid>("ClausesConfirmedById", "OutsideOrganizations", nullable: true);
        mb.AddColumn<string>("ClausesConfirmedByName", "OutsideOrganizations", maxLength: 200, nullable: true);
        mb.AddColumn<string>("ClausesConfirmedSha256", "OutsideOrganizations", maxLength: 64, nullable: true);

        mb.AddColumn<Guid>("OutsideOrganizationId", "Posts", nullable: true);
        mb.AddColumn<string>("OutsideOrganizationName", "Posts", maxLength: 200, nullable: true);
        mb.AddColumn<Guid>("OutsideOrganizationId", "Incidents", nullable: true);
        mb.AddColumn<string>("OutsideOrganizationName", "Incidents", maxLength: 200, nullable: true);

        mb.CreateTable("OutsideGuidelineConfirmations", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            OrganizationId = t.Column<Guid>(nullable: false),
            PackSha256 = t.Column<string>(maxLength: 64, nullable: false),
            PackReference = t.Column<string>(maxLength: 100, nullable: false),
            ConfirmedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OutsideGuidelineConfirmations", x => x.Id);
            t.ForeignKey("FK_OutsideGuidelineConfirmations_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_OutsideGuidelineConfirmations_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_OutsideGuidelineConfirmations_OutsideOrganizations_OrganizationId", x => x.OrganizationId, "OutsideOrganizations", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_OutsideGuidelineConfirmations_UserId_PackSha256", "OutsideGuidelineConfirmations", ["UserId", "PackSha256"], unique: true);
        mb.CreateIndex("IX_OutsideGuidelineConfirmations_TenantId", "OutsideGuidelineConfirmations", "TenantId");
        mb.CreateIndex("IX_OutsideGuidelineConfirmations_OrganizationId", "OutsideGuidelineConfirmations", "OrganizationId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("OutsideGuidelineConfirmations");
        mb.DropColumn("OutsideOrganizationName", "Incidents");
        mb.DropColumn("OutsideOrganizationId", "Incidents");
        mb.DropColumn("OutsideOrganizationName", "Posts");
        mb.DropColumn("OutsideOrganizationId", "Posts");
        mb.DropColumn("ClausesConfirmedSha256", "OutsideOrganizations");
        mb.DropColumn("ClausesConfirmedByName", "OutsideOrganizations");
        mb.DropColumn("ClausesConfirmedById", "OutsideOrganizations");
        mb.DropColumn("ClausesConfirmedAt", "OutsideOrganizations");
        mb.DropColumn("ContractClauses", "OutsideOrganizations");
        if (!mb.IsSqlite()) mb.DropForeignKey("FK_AspNetUsers_OutsideOrganizations_OutsideOrganizationId", "AspNetUsers");
        mb.DropIndex("IX_AspNetUsers_OutsideOrganizationId", "AspNetUsers");
        mb.DropColumn("IsOutsideRepresentative", "AspNetUsers");
        mb.DropColumn("OutsideOrganizationId", "AspNetUsers");
    }
}
