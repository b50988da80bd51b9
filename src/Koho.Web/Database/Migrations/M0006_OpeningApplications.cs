using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>Opening applications (開設申請) and the decisions taken on them, step by step.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0006_OpeningApplications : Migration
{
    public const string Id = "20261122000006_OpeningApplications";

    protected override void Up(MigrationBuilder mb)
    {
        var instant = ColumnTypes.Instant(mb);
        mb.CreateTable("OpeningApplications", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            DepartmentId = t.Column<Guid>(nullable: false),
            ApplicantId = t.Column<Guid>(nullable: false),
            ApplicantName = t.Column<string>(maxLength: 200, nullable: false),
            AccountName = t.Column<string>(maxLength: 200, nullable: false),
            Platform = t.Column<string>(maxLength: 20, nullable: false),
            Handle = t.Column<string>(maxLength: 200, nullable: false),
            Url = t.Column<string>(maxLength: 500, nullable: false),
            NewPlatform = t.Column<bool>(nullable: false),
            AnswersJson = t.Column<string>(nullable: false),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            PackReference = t.Column<string>(maxLength: 60, nullable: false),
            StepsJson = t.Column<string>(nullable: false),
            CurrentStep = t.Column<int>(nullable: false),
            AccountId = t.Column<Guid>(nullable: true),
            CreatedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            UpdatedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OpeningApplications", x => x.Id);
            t.ForeignKey("FK_OpeningApplications_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_OpeningApplications_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_OpeningApplications_DepartmentId", "OpeningApplications", "DepartmentId");
        mb.CreateIndex("IX_OpeningApplications_TenantId_Status", "OpeningApplications", ["TenantId", "Status"]);

        mb.CreateTable("ApplicationDecisions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            ApplicationId = t.Column<Guid>(nullable: false),
            StepId = t.Column<string>(maxLength: 60, nullable: false),
            StepAction = t.Column<string>(nullable: false),
            DeciderId = t.Column<Guid>(nullable: false),
            DeciderName = t.Column<string>(maxLength: 200, nullable: false),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            Comment = t.Column<string>(nullable: true),
            At = t.Column<DateTimeOffset>(type: instant, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ApplicationDecisions", x => x.Id);
            t.ForeignKey("FK_ApplicationDecisions_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ApplicationDecisions_OpeningApplications_ApplicationId", x => x.ApplicationId, "OpeningApplications", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_ApplicationDecisions_ApplicationId_At", "ApplicationDecisions", ["ApplicationId", "At"]);
        mb.CreateIndex("IX_ApplicationDecisions_TenantId", "ApplicationDecisions", "TenantId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("ApplicationDecisions");
        mb.DropTable("OpeningApplications");
    }
}
