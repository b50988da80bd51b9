using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>Security hygiene of official accounts and their connected third-party applications.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0007_AccountHygiene : Migration
{
    public const string Id = "20261122000007_AccountHygiene";

    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<Guid>("AccountManagerId", "OfficialAccounts", nullable: true);
        foreach (var flag in new[] { "VerifiedBadge", "TwoFactorEnabled", "HomepageLinkInProfile", "PolicyInProfile", "PolicyOnHomepage" })
            mb.AddColumn<bool>(flag, "OfficialAccounts", nullable: false, defaultValue: false);
        mb.AddColumn<DateOnly>("PasswordChangedOn", "OfficialAccounts", nullable: true);
        mb.AddColumn<DateOnly>("HygieneConfirmedOn", "OfficialAccounts", nullable: true);

        mb.CreateTable("ConnectedApps", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            ConnectedOn = t.Column<DateOnly>(nullable: true),
            LastReviewedOn = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ConnectedApps", x => x.Id);
            t.ForeignKey("FK_ConnectedApps_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ConnectedApps_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_ConnectedApps_AccountId", "ConnectedApps", "AccountId");
        mb.CreateIndex("IX_ConnectedApps_TenantId", "ConnectedApps", "TenantId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("ConnectedApps");
        foreach (var column in new[] { "AccountManagerId", "VerifiedBadge", "TwoFactorEnabled", "HomepageLinkInProfile", "PolicyInProfile", "PolicyOnHomepage", "PasswordChangedOn", "HygieneConfirmedOn" })
            mb.DropColumn(column, "OfficialAccounts");
    }
}
