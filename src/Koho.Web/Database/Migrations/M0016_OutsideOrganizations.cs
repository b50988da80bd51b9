using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>Outside organisations (指定管理者・委託事業者・財政援助出資団体) and the official accounts assigned to them.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0016_OutsideOrganizations : Migration
{
    public const string Id = "20261126000016_OutsideOrganizations";

    protected override void Up(MigrationBuilder mb)
    {
        var instant = ColumnTypes.Instant(mb);
        mb.CreateTable("OutsideOrganizations", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            Kind = t.Column<string>(maxLength: 30, nullable: false),
            Service = t.Column<string>(maxLength: 200, nullable: false),
            PeriodFrom = t.Column<DateOnly>(nullable: false),
            PeriodTo = t.Column<DateOnly>(nullable: false),
            DepartmentId = t.Column<Guid>(nullable: false),
            AccountManagerId = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            CreatedByName = t.Column<string>(maxLength: 200, nullable: false),
            EndedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            EndedByName = t.Column<string>(maxLength: 200, nullable: true),
            EndReason = t.Column<string>(maxLength: 1000, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OutsideOrganizations", x => x.Id);
            t.ForeignKey("FK_OutsideOrganizations_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_OutsideOrganizations_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_OutsideOrganizations_AspNetUsers_AccountManagerId", x => x.AccountManagerId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_OutsideOrganizations_TenantId_PeriodTo", "OutsideOrganizations", ["TenantId", "PeriodTo"]);
        mb.CreateIndex("IX_OutsideOrganizations_DepartmentId", "OutsideOrganizations", "DepartmentId");
        mb.CreateIndex("IX_OutsideOrganizations_AccountManagerId", "OutsideOrganizations", "AccountManagerId");

        mb.CreateTable("OutsideAssignments", t => new
        {
            TenantId = t.Column<Guid>(nullable: false),
            OrganizationId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            AssignedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            AssignedByName = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OutsideAssignments", x => new { x.OrganizationId, x.AccountId });
            t.ForeignKey("FK_OutsideAssignments_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_OutsideAssignments_OutsideOrganizations_OrganizationId", x => x.OrganizationId, "OutsideOrganizations", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_OutsideAssignments_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_OutsideAssignments_TenantId", "OutsideAssignments", "TenantId");
        mb.CreateIndex("IX_OutsideAssignments_AccountId", "OutsideAssignments", "AccountId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("OutsideAssignments");
        mb.DropTable("OutsideOrganizations");
    }
}
