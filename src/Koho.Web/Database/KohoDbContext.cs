using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Koho.Web.Database;

public sealed class KohoDbContext(DbContextOptions<KohoDbContext> options, TenantContext tenant)
    : IdentityDbContext<KohoUser, KohoRole, Guid>(options)
{
    /// <summary>Read by the query filters on every query, so each query sees only the current tenant's rows.</summary>
    public Guid CurrentTenantId => tenant.TenantId;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<OfficialAccount> OfficialAccounts => Set<OfficialAccount>();
    public DbSet<ConnectedApp> ConnectedApps => Set<ConnectedApp>();
    public DbSet<MonthlyPosts> MonthlyPosts => Set<MonthlyPosts>();
    public DbSet<YearEndReview> YearEndReviews => Set<YearEndReview>();
    public DbSet<WatchCheck> WatchChecks => Set<WatchCheck>();
    public DbSet<AccountOperator> AccountOperators => Set<AccountOperator>();
    public DbSet<WithdrawalAssessment> WithdrawalAssessments => Set<WithdrawalAssessment>();
    public DbSet<Posts.Post> Posts => Set<Posts.Post>();
    public DbSet<Posts.PostTarget> PostTargets => Set<Posts.PostTarget>();
    public DbSet<Posts.PostImage> PostImages => Set<Posts.PostImage>();
    public DbSet<Posts.PostDecision> PostDecisions => Set<Posts.PostDecision>();
    public DbSet<Posts.EmergencyScope> EmergencyScopes => Set<Posts.EmergencyScope>();
    public DbSet<Posts.Publishing.PublishAttempt> PublishAttempts => Set<Posts.Publishing.PublishAttempt>();
    public DbSet<Posts.Publishing.PlatformCredential> PlatformCredentials => Set<Posts.Publishing.PlatformCredential>();
    public DbSet<Posts.Publishing.PublishingPause> PublishingPauses => Set<Posts.Publishing.PublishingPause>();
    public DbSet<PublicDirectory.ImpersonationWarning> ImpersonationWarnings => Set<PublicDirectory.ImpersonationWarning>();
    public DbSet<Incidents.Incident> Incidents => Set<Incidents.Incident>();
    public DbSet<Incidents.IncidentStep> IncidentSteps => Set<Incidents.IncidentStep>();
    public DbSet<Incidents.IncidentEvidence> IncidentEvidence => Set<Incidents.IncidentEvidence>();
    public DbSet<Incidents.IncidentEscalation> IncidentEscalations => Set<Incidents.IncidentEscalation>();
    public DbSet<Incidents.IncidentEvent> IncidentEvents => Set<Incidents.IncidentEvent>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Notifications.NotificationDelivery> NotificationDeliveries => Set<Notifications.NotificationDelivery>();
    public DbSet<Notifications.TenantWebhook> TenantWebhooks => Set<Notifications.TenantWebhook>();
    public DbSet<Watch.Mention> Mentions => Set<Watch.Mention>();
    public DbSet<PrivateUse.GuidelineNotice> GuidelineNotices => Set<PrivateUse.GuidelineNotice>();
    public DbSet<PrivateUse.GuidelineAcknowledgement> GuidelineAcknowledgements => Set<PrivateUse.GuidelineAcknowledgement>();
    public DbSet<PrivateUse.AcknowledgementReminder> AcknowledgementReminders => Set<PrivateUse.AcknowledgementReminder>();
    public DbSet<PrivateUse.QuizQuestion> QuizQuestions => Set<PrivateUse.QuizQuestion>();
    public DbSet<PrivateUse.SavedSelfCheck> SavedSelfChecks => Set<PrivateUse.SavedSelfCheck>();
    public DbSet<Contractors.OutsideOrganization> OutsideOrganizations => Set<Contractors.OutsideOrganization>();
    public DbSet<Contractors.OutsideAssignment> OutsideAssignments => Set<Contractors.OutsideAssignment>();
    public DbSet<Contractors.OutsideGuidelineConfirmation> OutsideGuidelineConfirmations => Set<Contractors.OutsideGuidelineConfirmation>();
    public DbSet<Watch.WatchAlert> WatchAlerts => Set<Watch.WatchAlert>();
    public DbSet<Watch.WatchCursor> WatchCursors => Set<Watch.WatchCursor>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<Packs.GuidelinePackVersion> GuidelinePackVersions => Set<Packs.GuidelinePackVersion>();
    public DbSet<Applications.OpeningApplication> OpeningApplications => Set<Applications.OpeningApplication>();
    public DbSet<Applications.ApplicationDecision> ApplicationDecisions => Set<Applications.ApplicationDecision>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The users of the current tenant. Identity's own table has no filter because sign-in must find a
    /// user before any tenant is known; pages and endpoints go through this property instead.</summary>
    public IQueryable<KohoUser> TenantUsers => Users.Where(u => u.TenantId == CurrentTenantId);

    /// <summary>The municipality's own staff: the tenant's users but the people of outside organisations.</summary>
    public IQueryable<KohoUser> StaffUsers => TenantUsers.Where(u => u.OutsideOrganizationId == null);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native instant type and EF cannot compare or order DateTimeOffset stored as TEXT,
        // so instants are stored there as UTC ticks (INTEGER); PostgreSQL keeps timestamptz.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<Tenant>(e =>
        {
            e.ToTable("Tenants");
            e.Property(t => t.Code).HasMaxLength(6);
            e.HasIndex(t => t.Code).IsUnique();
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.PackId).HasMaxLength(40);
            e.ComplexProperty(t => t.Offices, o =>
            {
                o.Property(x => x.PrOffice).HasMaxLength(100).HasColumnName("PrOfficeName");
                o.Property(x => x.ItOffice).HasMaxLength(100).HasColumnName("ItOfficeName");
                o.Property(x => x.HrOffice).HasMaxLength(100).HasColumnName("HrOfficeName");
                o.Property(x => x.Council).HasMaxLength(100).HasColumnName("CouncilName");
                o.Property(x => x.Ciso).HasMaxLength(100).HasColumnName("CisoTitle");
            });
        });

        b.Entity<Department>(e =>
        {
            e.ToTable("Departments");
            e.Property(d => d.Name).HasMaxLength(100);
            e.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Department>().WithMany().HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(d => new { d.TenantId, d.ParentId, d.Name }).IsUnique();
            e.HasQueryFilter(d => d.TenantId == CurrentTenantId);
        });

        b.Entity<KohoUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Department>().WithMany().HasForeignKey(u => u.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Contractors.OutsideOrganization>().WithMany().HasForeignKey(u => u.OutsideOrganizationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<OfficialAccount>(e =>
        {
            e.ToTable("OfficialAccounts");
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.Handle).HasMaxLength(200);
            e.Property(a => a.Url).HasMaxLength(500);
            e.Property(a => a.Platform).HasConversion<string>().HasMaxLength(20);
            // The state machine's state guards every write: two people moving the same account at once cannot both win.
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(30).IsConcurrencyToken();
            e.Property(a => a.PolicyUrl).HasMaxLength(500);
            e.Property(a => a.RotationReason).HasMaxLength(300);
            e.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Department>().WithMany().HasForeignKey(a => a.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.TenantId, a.Platform, a.Handle }).IsUnique();
            e.HasQueryFilter(a => a.TenantId == CurrentTenantId);
        });

        b.Entity<ConnectedApp>(e =>
        {
            e.ToTable("ConnectedApps");
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<MonthlyPosts>(e =>
        {
            e.ToTable("MonthlyPosts");
            e.Property(x => x.EnteredBy).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.AccountId, x.Month }).IsUnique();
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<YearEndReview>(e =>
        {
            e.ToTable("YearEndReviews");
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.CompletedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.AccountId, x.FiscalYear }).IsUnique();
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<AccountOperator>(e =>
        {
            e.ToTable("AccountOperators");
            e.HasKey(x => new { x.AccountId, x.UserId });
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<KohoUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<WithdrawalAssessment>(e =>
        {
            e.ToTable("WithdrawalAssessments");
            e.Property(x => x.AssessedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.AccountId);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<PublicDirectory.ImpersonationWarning>(e =>
        {
            e.ToTable("ImpersonationWarnings");
            e.Property(x => x.Platform).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ImpostorHandle).HasMaxLength(200);
            e.Property(x => x.Message).HasMaxLength(500);
            e.Property(x => x.RaisedByName).HasMaxLength(200);
            e.Property(x => x.ClearedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.GenuineAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TenantId, x.ClearedAt });
            // No foreign key: SQLite cannot add one to an existing table in a migration; Koho sets it only from the incident.
            e.HasIndex(x => x.IncidentId);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<Posts.Post>(e =>
        {
            e.ToTable("Posts");
            e.Property(x => x.AuthorName).HasMaxLength(200);
            e.Property(x => x.OutsideOrganizationName).HasMaxLength(200);
            e.Property(x => x.UpdatedByName).HasMaxLength(200);
            e.Property(x => x.ApprovedByName).HasMaxLength(200);
            e.Property(x => x.OverrideByName).HasMaxLength(200);
            e.Property(x => x.PackReference).HasMaxLength(100);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            // Two editors, or an editor and an approver, cannot both win.
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Status).IsConcurrencyToken();
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<KohoUser>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TenantId, x.Status, x.ScheduledAt });
            e.Property(x => x.ReportConfirmedByName).HasMaxLength(200);
            e.HasOne<Posts.EmergencyScope>().WithMany().HasForeignKey(x => x.EmergencyScopeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Posts.Post>().WithMany().HasForeignKey(x => x.CorrectionOfId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.IncidentId); // no foreign key (SQLite cannot add one to an existing table); set only by IncidentResponses
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<Posts.EmergencyScope>(e =>
        {
            e.ToTable("EmergencyScopes");
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.DefinedByName).HasMaxLength(200);
            e.Property(x => x.RevokedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<Posts.PostTarget>(e =>
        {
            e.ToTable("PostTargets");
            e.Property(x => x.Platform).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ExternalId).HasMaxLength(200);
            e.Property(x => x.Url).HasMaxLength(1000);
            e.Property(x => x.Status).IsConcurrencyToken();
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Posts.Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.PostId, x.AccountId }).IsUnique();
            e.HasIndex(x => x.AccountId);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.Property(x => x.LeaseOwner).HasMaxLength(200).IsConcurrencyToken(); // a node that lost its lease cannot save
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<Posts.Publishing.PublishAttempt>(e =>
        {
            e.ToTable("PublishAttempts");
            e.Property(x => x.Node).HasMaxLength(200);
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Posts.PostTarget>().WithMany().HasForeignKey(x => x.TargetId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TargetId, x.Number }).IsUnique();
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<Posts.Publishing.PlatformCredential>(e =>
        {
            e.ToTable("PlatformCredentials");
            e.Property(x => x.BaseUrl).HasMaxLength(500);
            e.Property(x => x.PlatformAccountId).HasMaxLength(200);
            e.Property(x => x.SetByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.AccountId).IsUnique();
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<Posts.Publishing.PublishingPause>(e =>
        {
            e.ToTable("PublishingPauses");
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.PausedByName).HasMaxLength(200);
            e.Property(x => x.ResumedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TenantId, x.ResumedAt });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<Posts.PostImage>(e =>
        {
            e.ToTable("PostImages");
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(50);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.AltText).HasMaxLength(1000);
            e.Property(x => x.PublicToken).HasMaxLength(64);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Posts.Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.PostId, x.Position });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<Posts.PostDecision>(e =>
        {
            e.ToTable("PostDecisions");
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Posts.Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.PostId, x.At });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        b.Entity<WatchCheck>(e =>
        {
            e.ToTable("WatchChecks");
            e.Property(x => x.CheckedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.AccountId, x.CheckedOn });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        ConfigureIncidents(b);
        ConfigureNotifications(b);
        ConfigureWatch(b);
        ConfigurePrivateUse(b);
        ConfigureContractors(b);

        b.Entity<AuditRecord>(e =>
        {
            e.ToTable("AuditRecords");
            e.HasIndex(r => new { r.TenantId, r.Seq }).IsUnique();
            e.HasIndex(r => new { r.TenantId, r.At });
            e.Property(r => r.Action).HasMaxLength(100);
            e.Property(r => r.ActorName).HasMaxLength(200);
            e.Property(r => r.TargetType).HasMaxLength(100);
            e.Property(r => r.TargetId).HasMaxLength(100);
            e.Property(r => r.PrevHash).HasMaxLength(64);
            e.Property(r => r.Hash).HasMaxLength(64);
            e.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(r => r.TenantId == CurrentTenantId);
        });

        b.Entity<Packs.GuidelinePackVersion>(e =>
        {
            e.ToTable("GuidelinePackVersions");
            e.Property(v => v.PackId).HasMaxLength(40);
            e.Property(v => v.Sha256).HasMaxLength(64);
            e.Property(v => v.UploadedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(v => v.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(v => new { v.TenantId, v.PackId, v.Version }).IsUnique();
            e.HasQueryFilter(v => v.TenantId == CurrentTenantId);
        });

        b.Entity<Applications.OpeningApplication>(e =>
        {
            e.ToTable("OpeningApplications");
            e.Property(a => a.ApplicantName).HasMaxLength(200);
            e.Property(a => a.AccountName).HasMaxLength(200);
            e.Property(a => a.Handle).HasMaxLength(200);
            e.Property(a => a.Url).HasMaxLength(500);
            e.Property(a => a.Platform).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
            e.Property(a => a.CurrentStep).IsConcurrencyToken(); // two decisions on one step: the second fails
            e.Property(a => a.PackReference).HasMaxLength(60);
            e.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Department>().WithMany().HasForeignKey(a => a.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.TenantId, a.Status });
            e.HasQueryFilter(a => a.TenantId == CurrentTenantId);
        });

        b.Entity<Applications.ApplicationDecision>(e =>
        {
            e.ToTable("ApplicationDecisions");
            e.Property(d => d.StepId).HasMaxLength(60);
            e.Property(d => d.DeciderName).HasMaxLength(200);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
            e.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Applications.OpeningApplication>().WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(d => new { d.ApplicationId, d.At });
            e.HasQueryFilter(d => d.TenantId == CurrentTenantId);
        });

        b.Entity<DataProtectionKey>(e =>
        {
            e.ToTable("DataProtectionKeys");
            e.Property(k => k.FriendlyName).HasMaxLength(200);
        });
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));

    private void ConfigureIncidents(ModelBuilder b)
    {
        b.Entity<Incidents.Incident>(e =>
        {
            e.ToTable("Incidents");
            e.Property(x => x.Type).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.OpenedByName).HasMaxLength(200);
            e.Property(x => x.OutsideOrganizationName).HasMaxLength(200);
            e.Property(x => x.ClosedByName).HasMaxLength(200);
            e.Property(x => x.PackReference).HasMaxLength(100);
            e.Property(x => x.ImpostorPlatform).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ImpostorHandle).HasMaxLength(200);
            e.Property(x => x.Summary).HasMaxLength(4000);
            e.Property(x => x.Cause).HasMaxLength(4000);
            e.Property(x => x.Lessons).HasMaxLength(4000);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TenantId, x.Number }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.Status });
            e.HasIndex(x => x.AccountId);
            e.HasIndex(x => x.DepartmentId);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Incidents.IncidentStep>(e =>
        {
            e.ToTable("IncidentSteps");
            e.Property(x => x.StepKey).HasMaxLength(60);
            e.Property(x => x.Action).HasMaxLength(1000);
            e.Property(x => x.Actor).HasMaxLength(40);
            e.Property(x => x.Record).HasMaxLength(20);
            e.Property(x => x.DoneByName).HasMaxLength(200);
            e.Property(x => x.Note).HasMaxLength(2000);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Incidents.Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.IncidentId, x.Position }).IsUnique();
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Incidents.IncidentEvidence>(e =>
        {
            e.ToTable("IncidentEvidence");
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(50);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.Description).HasMaxLength(500);
            e.Property(x => x.UploadedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Incidents.Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Incidents.IncidentStep>().WithMany().HasForeignKey(x => x.StepId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.IncidentId);
            e.HasIndex(x => x.StepId);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Incidents.IncidentEscalation>(e =>
        {
            e.ToTable("IncidentEscalations");
            e.Property(x => x.Office).HasMaxLength(40);
            e.Property(x => x.AcknowledgedByName).HasMaxLength(200);
            e.Property(x => x.AcknowledgedAt).IsConcurrencyToken(); // acknowledging and timing out race: one wins
            e.Property(x => x.TimedOutAt).IsConcurrencyToken();
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Incidents.Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.IncidentId, x.Level }).IsUnique();
            e.HasIndex(x => new { x.AcknowledgedAt, x.TimedOutAt, x.AcknowledgeBy });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Incidents.IncidentEvent>(e =>
        {
            e.ToTable("IncidentEvents");
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.Text).HasMaxLength(2000);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Incidents.Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.IncidentId, x.At });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
    }

    private void ConfigureNotifications(ModelBuilder b)
    {
        b.Entity<Notifications.Notification>(e =>
        {
            e.ToTable("Notifications");
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Body).HasMaxLength(2000);
            e.Property(x => x.Link).HasMaxLength(500);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<KohoUser>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.RecipientId, x.ReadAt });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Notifications.NotificationDelivery>(e =>
        {
            e.ToTable("NotificationDeliveries");
            e.Property(x => x.Channel).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
            e.Property(x => x.Attempts).IsConcurrencyToken(); // two senders cannot both take the same attempt
            e.Property(x => x.Recipient).HasMaxLength(320);
            e.Property(x => x.Subject).HasMaxLength(200);
            e.Property(x => x.Body).HasMaxLength(4000);
            e.Property(x => x.Link).HasMaxLength(500);
            e.Property(x => x.Severity).HasMaxLength(20);
            e.Property(x => x.LastError).HasMaxLength(500);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Notifications.TenantWebhook>(e =>
        {
            e.ToTable("TenantWebhooks");
            e.HasKey(x => x.TenantId);
            e.Property(x => x.DisplayHost).HasMaxLength(300);
            e.Property(x => x.SetByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
    }

    private void ConfigureContractors(ModelBuilder b)
    {
        b.Entity<Contractors.OutsideOrganization>(e =>
        {
            e.ToTable("OutsideOrganizations");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Service).HasMaxLength(200);
            e.Property(x => x.CreatedByName).HasMaxLength(200);
            e.Property(x => x.EndedByName).HasMaxLength(200);
            e.Property(x => x.EndReason).HasMaxLength(1000);
            e.Property(x => x.ContractClauses).HasMaxLength(10000);
            e.Property(x => x.ClausesConfirmedByName).HasMaxLength(200);
            e.Property(x => x.ClausesConfirmedSha256).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<KohoUser>().WithMany().HasForeignKey(x => x.AccountManagerId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TenantId, x.PeriodTo });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Contractors.OutsideAssignment>(e =>
        {
            e.ToTable("OutsideAssignments");
            e.HasKey(x => new { x.OrganizationId, x.AccountId });
            e.Property(x => x.AssignedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Contractors.OutsideOrganization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Contractors.OutsideGuidelineConfirmation>(e =>
        {
            e.ToTable("OutsideGuidelineConfirmations");
            e.Property(x => x.PackSha256).HasMaxLength(64);
            e.Property(x => x.PackReference).HasMaxLength(100);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<KohoUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Contractors.OutsideOrganization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            // One confirmation per person and version: a double click records one.
            e.HasIndex(x => new { x.UserId, x.PackSha256 }).IsUnique();
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
    }

    private void ConfigurePrivateUse(ModelBuilder b)
    {
        b.Entity<PrivateUse.GuidelineNotice>(e =>
        {
            e.ToTable("GuidelineNotices");
            e.Ignore(x => x.Quiz);
            e.Property(x => x.PackReference).HasMaxLength(100);
            e.Property(x => x.PackSha256).HasMaxLength(64);
            e.Property(x => x.PackTitle).HasMaxLength(200);
            e.Property(x => x.Edition).HasMaxLength(200);
            e.Property(x => x.Message).HasMaxLength(2000);
            e.Property(x => x.PublishedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TenantId, x.Number }).IsUnique();
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<PrivateUse.GuidelineAcknowledgement>(e =>
        {
            e.ToTable("GuidelineAcknowledgements");
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PrivateUse.GuidelineNotice>().WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<KohoUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.NoticeId, x.UserId }).IsUnique();
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<PrivateUse.AcknowledgementReminder>(e =>
        {
            e.ToTable("AcknowledgementReminders");
            e.Property(x => x.RemindedByName).HasMaxLength(200);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PrivateUse.GuidelineNotice>().WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<KohoUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.NoticeId, x.UserId });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<PrivateUse.QuizQuestion>(e =>
        {
            e.ToTable("QuizQuestions");
            e.Ignore(x => x.ChoiceList);
            e.Property(x => x.ClauseId).HasMaxLength(60);
            e.Property(x => x.Question).HasMaxLength(500);
            e.Property(x => x.Choices).HasMaxLength(1000);
            e.Property(x => x.Explanation).HasMaxLength(1000);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TenantId, x.Position });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<PrivateUse.SavedSelfCheck>(e =>
        {
            e.ToTable("SavedSelfChecks");
            e.Property(x => x.Text).HasMaxLength(10000);
            e.Property(x => x.Profile).HasMaxLength(2000);
            e.Property(x => x.Outcome).HasMaxLength(500);
            e.Property(x => x.PackReference).HasMaxLength(100);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<KohoUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.UserId, x.SavedAt });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
    }

    private void ConfigureWatch(ModelBuilder b)
    {
        b.Entity<Watch.Mention>(e =>
        {
            e.ToTable("Mentions");
            e.Property(x => x.Platform).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
            e.Property(x => x.ExternalId).HasMaxLength(200);
            e.Property(x => x.AuthorHandle).HasMaxLength(200);
            e.Property(x => x.AuthorName).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(4000);
            e.Property(x => x.Url).HasMaxLength(1000);
            e.Property(x => x.TriagedByName).HasMaxLength(200);
            e.Property(x => x.TriageNote).HasMaxLength(1000);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Incidents.Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.AccountId, x.ExternalId }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.Status, x.PostedAt });
            e.HasIndex(x => new { x.AccountId, x.PostedAt });
            e.HasIndex(x => x.IncidentId);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Watch.WatchAlert>(e =>
        {
            e.ToTable("WatchAlerts");
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Platform).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
            e.Property(x => x.Handle).HasMaxLength(200);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.Explanation).HasMaxLength(1000);
            e.Property(x => x.ResolvedByName).HasMaxLength(200);
            e.Property(x => x.ResolutionNote).HasMaxLength(1000);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Incidents.Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TenantId, x.Status, x.RaisedAt });
            e.HasIndex(x => new { x.TenantId, x.Kind, x.Platform, x.Handle });
            e.HasIndex(x => x.AccountId);
            e.HasIndex(x => x.IncidentId);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
        b.Entity<Watch.WatchCursor>(e =>
        {
            e.ToTable("WatchCursors");
            e.HasKey(x => x.AccountId);
            e.Property(x => x.LastError).HasMaxLength(500);
            e.Property(x => x.LastSearchError).HasMaxLength(500);
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OfficialAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.TenantId, x.NextReadAt });
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });
    }
}
