using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>
/// Posts (投稿), the accounts each goes to, their images with alternative text, every decision on them; publishing:
/// the attempts (outbox), the accounts' API credentials (encrypted), the stop-all switch.
/// </summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0013_Posts : Migration
{
    public const string Id = "20261123000013_Posts";

    protected override void Up(MigrationBuilder mb)
    {
        var instant = ColumnTypes.Instant(mb);
        mb.CreateTable("EmergencyScopes", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            AccountIdsJson = t.Column<string>(nullable: false),
            KindsJson = t.Column<string>(nullable: false),
            TemplatesJson = t.Column<string>(nullable: false),
            ValidFrom = t.Column<DateOnly>(nullable: false),
            ValidTo = t.Column<DateOnly>(nullable: false),
            DefinedById = t.Column<Guid>(nullable: false),
            DefinedByName = t.Column<string>(maxLength: 200, nullable: false),
            DefinedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            RevokedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            RevokedByName = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EmergencyScopes", x => x.Id);
            t.ForeignKey("FK_EmergencyScopes_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_EmergencyScopes_TenantId", "EmergencyScopes", "TenantId");

        mb.CreateTable("Posts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            AuthorId = t.Column<Guid>(nullable: false),
            AuthorName = t.Column<string>(maxLength: 200, nullable: false),
            Text = t.Column<string>(nullable: false),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            ScheduledAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            Version = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            UpdatedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            UpdatedByName = t.Column<string>(maxLength: 200, nullable: true),
            UpdatedById = t.Column<Guid>(nullable: true),
            ApprovedById = t.Column<Guid>(nullable: true),
            ApprovedByName = t.Column<string>(maxLength: 200, nullable: true),
            ApprovedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            ApprovedVersion = t.Column<int>(nullable: true),
            OverrideReason = t.Column<string>(nullable: true),
            OverrideByName = t.Column<string>(maxLength: 200, nullable: true),
            FindingsJson = t.Column<string>(nullable: false),
            Blocked = t.Column<bool>(nullable: false),
            PackReference = t.Column<string>(maxLength: 100, nullable: true),
            EmergencyScopeId = t.Column<Guid>(nullable: true),
            ReportDueAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            ReportText = t.Column<string>(nullable: true),
            ReportedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            ReportConfirmedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            ReportConfirmedByName = t.Column<string>(maxLength: 200, nullable: true),
            CorrectionOfId = t.Column<Guid>(nullable: true),
            CorrectionReason = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Posts", x => x.Id);
            t.ForeignKey("FK_Posts_Posts_CorrectionOfId", x => x.CorrectionOfId, "Posts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Posts_EmergencyScopes_EmergencyScopeId", x => x.EmergencyScopeId, "EmergencyScopes", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Posts_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Posts_AspNetUsers_AuthorId", x => x.AuthorId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Posts_AuthorId", "Posts", "AuthorId");
        mb.CreateIndex("IX_Posts_EmergencyScopeId", "Posts", "EmergencyScopeId");
        mb.CreateIndex("IX_Posts_CorrectionOfId", "Posts", "CorrectionOfId");
        mb.CreateIndex("IX_Posts_TenantId_Status_ScheduledAt", "Posts", ["TenantId", "Status", "ScheduledAt"]);

        mb.CreateTable("PostTargets", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            PostId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            Platform = t.Column<string>(maxLength: 20, nullable: false),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            IdempotencyKey = t.Column<Guid>(nullable: false),
            ExternalId = t.Column<string>(maxLength: 200, nullable: true),
            Url = t.Column<string>(maxLength: 1000, nullable: true),
            PublishedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            LastError = t.Column<string>(nullable: true),
            NextAttemptAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            Attempts = t.Column<int>(nullable: false),
            FirstAttemptAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            LeaseOwner = t.Column<string>(maxLength: 200, nullable: true),
            LeaseUntil = t.Column<DateTimeOffset>(type: instant, nullable: true),
            DeletedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PostTargets", x => x.Id);
            t.ForeignKey("FK_PostTargets_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PostTargets_Posts_PostId", x => x.PostId, "Posts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PostTargets_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_PostTargets_PostId_AccountId", "PostTargets", ["PostId", "AccountId"], unique: true);
        mb.CreateIndex("IX_PostTargets_AccountId", "PostTargets", "AccountId");
        mb.CreateIndex("IX_PostTargets_IdempotencyKey", "PostTargets", "IdempotencyKey", unique: true);
        mb.CreateIndex("IX_PostTargets_TenantId", "PostTargets", "TenantId");
        mb.CreateIndex("IX_PostTargets_Status_NextAttemptAt", "PostTargets", ["Status", "NextAttemptAt"]);

        mb.CreateTable("PublishAttempts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            TargetId = t.Column<Guid>(nullable: false),
            Number = t.Column<int>(nullable: false),
            Node = t.Column<string>(maxLength: 200, nullable: false),
            StartedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            FinishedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            Outcome = t.Column<string>(maxLength: 20, nullable: false),
            Detail = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PublishAttempts", x => x.Id);
            t.ForeignKey("FK_PublishAttempts_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PublishAttempts_PostTargets_TargetId", x => x.TargetId, "PostTargets", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_PublishAttempts_TargetId_Number", "PublishAttempts", ["TargetId", "Number"], unique: true);
        mb.CreateIndex("IX_PublishAttempts_TenantId", "PublishAttempts", "TenantId");

        mb.CreateTable("PlatformCredentials", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            BaseUrl = t.Column<string>(maxLength: 500, nullable: true),
            PlatformAccountId = t.Column<string>(maxLength: 200, nullable: false),
            ProtectedSecrets = t.Column<string>(nullable: false),
            SetAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            SetByName = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PlatformCredentials", x => x.Id);
            t.ForeignKey("FK_PlatformCredentials_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PlatformCredentials_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_PlatformCredentials_AccountId", "PlatformCredentials", "AccountId", unique: true);
        mb.CreateIndex("IX_PlatformCredentials_TenantId", "PlatformCredentials", "TenantId");

        mb.CreateTable("PublishingPauses", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: true),
            Reason = t.Column<string>(maxLength: 500, nullable: false),
            PausedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            PausedByName = t.Column<string>(maxLength: 200, nullable: false),
            ResumedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            ResumedByName = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PublishingPauses", x => x.Id);
            t.ForeignKey("FK_PublishingPauses_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PublishingPauses_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_PublishingPauses_TenantId_ResumedAt", "PublishingPauses", ["TenantId", "ResumedAt"]);
        mb.CreateIndex("IX_PublishingPauses_AccountId", "PublishingPauses", "AccountId");

        mb.CreateTable("PostImages", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            PostId = t.Column<Guid>(nullable: false),
            Position = t.Column<int>(nullable: false),
            FileName = t.Column<string>(maxLength: 200, nullable: false),
            ContentType = t.Column<string>(maxLength: 50, nullable: false),
            Content = t.Column<byte[]>(nullable: false),
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            AltText = t.Column<string>(maxLength: 1000, nullable: false),
            PublicToken = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PostImages", x => x.Id);
            t.ForeignKey("FK_PostImages_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PostImages_Posts_PostId", x => x.PostId, "Posts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_PostImages_PostId_Position", "PostImages", ["PostId", "Position"]);
        mb.CreateIndex("IX_PostImages_TenantId", "PostImages", "TenantId");

        mb.CreateTable("PostDecisions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            PostId = t.Column<Guid>(nullable: false),
            Action = t.Column<string>(maxLength: 20, nullable: false),
            ById = t.Column<Guid>(nullable: true),
            ByName = t.Column<string>(maxLength: 200, nullable: false),
            At = t.Column<DateTimeOffset>(type: instant, nullable: false),
            Comment = t.Column<string>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PostDecisions", x => x.Id);
            t.ForeignKey("FK_PostDecisions_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PostDecisions_Posts_PostId", x => x.PostId, "Posts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_PostDecisions_PostId_At", "PostDecisions", ["PostId", "At"]);
        mb.CreateIndex("IX_PostDecisions_TenantId", "PostDecisions", "TenantId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("PublishingPauses");
        mb.DropTable("PlatformCredentials");
        mb.DropTable("PublishAttempts");
        mb.DropTable("PostDecisions");
        mb.DropTable("PostImages");
        mb.DropTable("PostTargets");
        mb.DropTable("Posts");
        mb.DropTable("EmergencyScopes");
    }
}
