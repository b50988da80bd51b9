using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>
/// Incidents (インシデント) with their playbook steps, evidence, escalation chain and timeline; notifications (in-app,
/// and the outbox of e-mails and chat webhooks) and the municipality's webhook; the watch: mentions inbox, alerts
/// (spikes, impersonation candidates), read cursors. Posts and directory warnings can point at the incident they answer.
/// </summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0014_Incidents : Migration
{
    public const string Id = "20261124000014_Incidents";

    protected override void Up(MigrationBuilder mb)
    {
        var instant = ColumnTypes.Instant(mb);
        mb.CreateTable("Incidents", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Number = t.Column<int>(nullable: false),
            Type = t.Column<string>(maxLength: 30, nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Description = t.Column<string>(maxLength: 4000, nullable: false),
            AccountId = t.Column<Guid>(nullable: true),
            DepartmentId = t.Column<Guid>(nullable: false),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            OpenedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            OpenedById = t.Column<Guid>(nullable: false),
            OpenedByName = t.Column<string>(maxLength: 200, nullable: false),
            PackReference = t.Column<string>(maxLength: 100, nullable: false),
            AcknowledgeWithinMinutes = t.Column<int>(nullable: false),
            ImpostorPlatform = t.Column<string>(maxLength: 20, nullable: true),
            ImpostorHandle = t.Column<string>(maxLength: 200, nullable: true),
            WarningId = t.Column<Guid>(nullable: true),
            PauseId = t.Column<Guid>(nullable: true),
            ClosedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            ClosedById = t.Column<Guid>(nullable: true),
            ClosedByName = t.Column<string>(maxLength: 200, nullable: true),
            Summary = t.Column<string>(maxLength: 4000, nullable: true),
            Cause = t.Column<string>(maxLength: 4000, nullable: true),
            Lessons = t.Column<string>(maxLength: 4000, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Incidents", x => x.Id);
            t.ForeignKey("FK_Incidents_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Incidents_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Incidents_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Incidents_TenantId_Number", "Incidents", ["TenantId", "Number"], unique: true);
        mb.CreateIndex("IX_Incidents_TenantId_Status", "Incidents", ["TenantId", "Status"]);
        mb.CreateIndex("IX_Incidents_AccountId", "Incidents", "AccountId");
        mb.CreateIndex("IX_Incidents_DepartmentId", "Incidents", "DepartmentId");

        mb.CreateTable("IncidentSteps", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            IncidentId = t.Column<Guid>(nullable: false),
            Position = t.Column<int>(nullable: false),
            StepKey = t.Column<string>(maxLength: 60, nullable: false),
            Action = t.Column<string>(maxLength: 1000, nullable: false),
            Actor = t.Column<string>(maxLength: 40, nullable: false),
            Record = t.Column<string>(maxLength: 20, nullable: false),
            DueAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            DoneAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            DoneById = t.Column<Guid>(nullable: true),
            DoneByName = t.Column<string>(maxLength: 200, nullable: true),
            Note = t.Column<string>(maxLength: 2000, nullable: true),
            Skipped = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_IncidentSteps", x => x.Id);
            t.ForeignKey("FK_IncidentSteps_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_IncidentSteps_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_IncidentSteps_IncidentId_Position", "IncidentSteps", ["IncidentId", "Position"], unique: true);
        mb.CreateIndex("IX_IncidentSteps_TenantId", "IncidentSteps", "TenantId");

        mb.CreateTable("IncidentEvidence", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            IncidentId = t.Column<Guid>(nullable: false),
            StepId = t.Column<Guid>(nullable: true),
            FileName = t.Column<string>(maxLength: 200, nullable: false),
            ContentType = t.Column<string>(maxLength: 50, nullable: false),
            Size = t.Column<long>(nullable: false),
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            Content = t.Column<byte[]>(nullable: false),
            Description = t.Column<string>(maxLength: 500, nullable: true),
            UploadedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            UploadedById = t.Column<Guid>(nullable: false),
            UploadedByName = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_IncidentEvidence", x => x.Id);
            t.ForeignKey("FK_IncidentEvidence_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_IncidentEvidence_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_IncidentEvidence_IncidentSteps_StepId", x => x.StepId, "IncidentSteps", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_IncidentEvidence_IncidentId", "IncidentEvidence", "IncidentId");
        mb.CreateIndex("IX_IncidentEvidence_StepId", "IncidentEvidence", "StepId");
        mb.CreateIndex("IX_IncidentEvidence_TenantId", "IncidentEvidence", "TenantId");

        mb.CreateTable("IncidentEscalations", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            IncidentId = t.Column<Guid>(nullable: false),
            Level = t.Column<int>(nullable: false),
            Office = t.Column<string>(maxLength: 40, nullable: false),
            NotifiedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            AcknowledgeBy = t.Column<DateTimeOffset>(type: instant, nullable: true),
            AcknowledgedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            AcknowledgedById = t.Column<Guid>(nullable: true),
            AcknowledgedByName = t.Column<string>(maxLength: 200, nullable: true),
            TimedOutAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_IncidentEscalations", x => x.Id);
            t.ForeignKey("FK_IncidentEscalations_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_IncidentEscalations_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_IncidentEscalations_IncidentId_Level", "IncidentEscalations", ["IncidentId", "Level"], unique: true);
        mb.CreateIndex("IX_IncidentEscalations_AcknowledgedAt_TimedOutAt_AcknowledgeBy", "IncidentEscalations", ["AcknowledgedAt", "TimedOutAt", "AcknowledgeBy"]);
        mb.CreateIndex("IX_IncidentEscalations_TenantId", "IncidentEscalations", "TenantId");

        mb.CreateTable("IncidentEvents", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            IncidentId = t.Column<Guid>(nullable: false),
            At = t.Column<DateTimeOffset>(type: instant, nullable: false),
            ActorId = t.Column<Guid>(nullable: true),
            ActorName = t.Column<string>(maxLength: 200, nullable: false),
            Kind = t.Column<string>(maxLength: 40, nullable: false),
            Text = t.Column<string>(maxLength: 2000, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_IncidentEvents", x => x.Id);
            t.ForeignKey("FK_IncidentEvents_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_IncidentEvents_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_IncidentEvents_IncidentId_At", "IncidentEvents", ["IncidentId", "At"]);
        mb.CreateIndex("IX_IncidentEvents_TenantId", "IncidentEvents", "TenantId");

        mb.CreateTable("Notifications", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            RecipientId = t.Column<Guid>(nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Body = t.Column<string>(maxLength: 2000, nullable: false),
            Link = t.Column<string>(maxLength: 500, nullable: true),
            CreatedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            ReadAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Notifications", x => x.Id);
            t.ForeignKey("FK_Notifications_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Notifications_AspNetUsers_RecipientId", x => x.RecipientId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Notifications_RecipientId_ReadAt", "Notifications", ["RecipientId", "ReadAt"]);
        mb.CreateIndex("IX_Notifications_TenantId", "Notifications", "TenantId");

        mb.CreateTable("NotificationDeliveries", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Channel = t.Column<string>(maxLength: 20, nullable: false),
            Recipient = t.Column<string>(maxLength: 320, nullable: false),
            Subject = t.Column<string>(maxLength: 200, nullable: false),
            Body = t.Column<string>(maxLength: 4000, nullable: false),
            Link = t.Column<string>(maxLength: 500, nullable: true),
            Severity = t.Column<string>(maxLength: 20, nullable: false),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            Attempts = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            NextAttemptAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            SentAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            LastError = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_NotificationDeliveries", x => x.Id);
            t.ForeignKey("FK_NotificationDeliveries_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_NotificationDeliveries_Status_NextAttemptAt", "NotificationDeliveries", ["Status", "NextAttemptAt"]);
        mb.CreateIndex("IX_NotificationDeliveries_TenantId", "NotificationDeliveries", "TenantId");

        mb.CreateTable("TenantWebhooks", t => new
        {
            TenantId = t.Column<Guid>(nullable: false),
            ProtectedUrl = t.Column<string>(nullable: false),
            ProtectedSecret = t.Column<string>(nullable: true),
            DisplayHost = t.Column<string>(maxLength: 300, nullable: false),
            SetAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            SetByName = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TenantWebhooks", x => x.TenantId);
            t.ForeignKey("FK_TenantWebhooks_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
        });

        mb.CreateTable("Mentions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            Platform = t.Column<string>(maxLength: 20, nullable: false),
            ExternalId = t.Column<string>(maxLength: 200, nullable: false),
            AuthorHandle = t.Column<string>(maxLength: 200, nullable: false),
            AuthorName = t.Column<string>(maxLength: 200, nullable: true),
            Text = t.Column<string>(maxLength: 4000, nullable: false),
            Url = t.Column<string>(maxLength: 1000, nullable: true),
            PostedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            ReceivedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            IsReply = t.Column<bool>(nullable: false),
            Source = t.Column<string>(maxLength: 20, nullable: false),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            IncidentId = t.Column<Guid>(nullable: true),
            TriagedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            TriagedByName = t.Column<string>(maxLength: 200, nullable: true),
            TriageNote = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Mentions", x => x.Id);
            t.ForeignKey("FK_Mentions_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Mentions_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Mentions_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Mentions_AccountId_ExternalId", "Mentions", ["AccountId", "ExternalId"], unique: true);
        mb.CreateIndex("IX_Mentions_TenantId_Status_PostedAt", "Mentions", ["TenantId", "Status", "PostedAt"]);
        mb.CreateIndex("IX_Mentions_AccountId_PostedAt", "Mentions", ["AccountId", "PostedAt"]);
        mb.CreateIndex("IX_Mentions_IncidentId", "Mentions", "IncidentId");

        mb.CreateTable("WatchAlerts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 30, nullable: false),
            AccountId = t.Column<Guid>(nullable: true),
            Platform = t.Column<string>(maxLength: 20, nullable: false),
            Handle = t.Column<string>(maxLength: 200, nullable: false),
            DisplayName = t.Column<string>(maxLength: 200, nullable: true),
            Explanation = t.Column<string>(maxLength: 1000, nullable: false),
            Score = t.Column<double>(nullable: false),
            RaisedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            IncidentId = t.Column<Guid>(nullable: true),
            ResolvedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            ResolvedByName = t.Column<string>(maxLength: 200, nullable: true),
            ResolutionNote = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_WatchAlerts", x => x.Id);
            t.ForeignKey("FK_WatchAlerts_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_WatchAlerts_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_WatchAlerts_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_WatchAlerts_TenantId_Status_RaisedAt", "WatchAlerts", ["TenantId", "Status", "RaisedAt"]);
        mb.CreateIndex("IX_WatchAlerts_TenantId_Kind_Platform_Handle", "WatchAlerts", ["TenantId", "Kind", "Platform", "Handle"]);
        mb.CreateIndex("IX_WatchAlerts_AccountId", "WatchAlerts", "AccountId");
        mb.CreateIndex("IX_WatchAlerts_IncidentId", "WatchAlerts", "IncidentId");

        mb.CreateTable("WatchCursors", t => new
        {
            AccountId = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            ReadUntil = t.Column<DateTimeOffset>(type: instant, nullable: true),
            LastReadAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            LastSearchAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            NextReadAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            LastError = t.Column<string>(maxLength: 500, nullable: true),
            LastSearchError = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_WatchCursors", x => x.AccountId);
            t.ForeignKey("FK_WatchCursors_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_WatchCursors_OfficialAccounts_AccountId", x => x.AccountId, "OfficialAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_WatchCursors_TenantId_NextReadAt", "WatchCursors", ["TenantId", "NextReadAt"]);

        // Posts and directory warnings drafted or raised from an incident point back at it (indexed; no foreign key:
        // SQLite cannot add one to an existing table, and only IncidentResponses sets these).
        mb.AddColumn<Guid>("IncidentId", "Posts", nullable: true);
        mb.CreateIndex("IX_Posts_IncidentId", "Posts", "IncidentId");
        mb.AddColumn<Guid>("IncidentId", "ImpersonationWarnings", nullable: true);
        mb.CreateIndex("IX_ImpersonationWarnings_IncidentId", "ImpersonationWarnings", "IncidentId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropIndex("IX_ImpersonationWarnings_IncidentId", "ImpersonationWarnings");
        mb.DropColumn("IncidentId", "ImpersonationWarnings");
        mb.DropIndex("IX_Posts_IncidentId", "Posts");
        mb.DropColumn("IncidentId", "Posts");
        foreach (var table in new[] { "WatchCursors", "WatchAlerts", "Mentions", "TenantWebhooks", "NotificationDeliveries", "Notifications",
                     "IncidentEvents", "IncidentEscalations", "IncidentEvidence", "IncidentSteps", "Incidents" })
            mb.DropTable(table);
    }
}
