using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>Each municipality's choice of guideline pack, and the pack versions its administrators upload.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0004_GuidelinePacks : Migration
{
    public const string Id = "20261122000004_GuidelinePacks";

    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<string>("PackId", "Tenants", maxLength: 40, nullable: true);
        mb.CreateTable("GuidelinePackVersions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            PackId = t.Column<string>(maxLength: 40, nullable: false),
            Version = t.Column<int>(nullable: false),
            Yaml = t.Column<string>(nullable: false),
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            UploadedByName = t.Column<string>(maxLength: 200, nullable: false),
            UploadedAt = t.Column<DateTimeOffset>(type: ColumnTypes.Instant(mb), nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_GuidelinePackVersions", x => x.Id);
            t.ForeignKey("FK_GuidelinePackVersions_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_GuidelinePackVersions_TenantId_PackId_Version", "GuidelinePackVersions", ["TenantId", "PackId", "Version"], unique: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("GuidelinePackVersions");
        mb.DropColumn("PackId", "Tenants");
    }
}
