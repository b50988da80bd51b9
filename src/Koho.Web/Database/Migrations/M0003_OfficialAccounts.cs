using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>The register of official accounts (公式アカウント).</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0003_OfficialAccounts : Migration
{
    public const string Id = "20261121000003_OfficialAccounts";

    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("OfficialAccounts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            DepartmentId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            Platform = t.Column<string>(maxLength: 20, nullable: false),
            Handle = t.Column<string>(maxLength: 200, nullable: false),
            Url = t.Column<string>(maxLength: 500, nullable: false),
            Status = t.Column<string>(maxLength: 30, nullable: false),
            CreatedAt = t.Column<DateTimeOffset>(type: ColumnTypes.Instant(mb), nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OfficialAccounts", x => x.Id);
            t.ForeignKey("FK_OfficialAccounts_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_OfficialAccounts_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_OfficialAccounts_DepartmentId", "OfficialAccounts", "DepartmentId");
        mb.CreateIndex("IX_OfficialAccounts_TenantId_Platform_Handle", "OfficialAccounts", ["TenantId", "Platform", "Handle"], unique: true);
    }

    protected override void Down(MigrationBuilder mb) => mb.DropTable("OfficialAccounts");
}
