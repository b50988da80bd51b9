using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>
/// Staff's private use: notices of the guideline (周知) with their confirmations and reminders, the quiz HR prepares,
/// and the self-checks a user chose to keep.
/// </summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0015_PrivateUse : Migration
{
    public const string Id = "20261125000015_PrivateUse";

    protected override void Up(MigrationBuilder mb)
    {
        var instant = ColumnTypes.Instant(mb);
        mb.CreateTable("GuidelineNotices", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Number = t.Column<int>(nullable: false),
            PackReference = t.Column<string>(maxLength: 100, nullable: false),
            PackSha256 = t.Column<string>(maxLength: 64, nullable: false),
            PackTitle = t.Column<string>(maxLength: 200, nullable: false),
            Edition = t.Column<string>(maxLength: 200, nullable: true),
            Message = t.Column<string>(maxLength: 2000, nullable: true),
            DueOn = t.Column<DateOnly>(nullable: true),
            QuizJson = t.Column<string>(nullable: true),
            PublishedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            PublishedById = t.Column<Guid>(nullable: false),
            PublishedByName = t.Column<string>(maxLength: 200, nullable: false),
            SupersededAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_GuidelineNotices", x => x.Id);
            t.ForeignKey("FK_GuidelineNotices_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_GuidelineNotices_TenantId_Number", "GuidelineNotices", ["TenantId", "Number"], unique: true);

        mb.CreateTable("GuidelineAcknowledgements", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            NoticeId = t.Column<Guid>(nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            AcknowledgedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            QuizCorrect = t.Column<int>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_GuidelineAcknowledgements", x => x.Id);
            t.ForeignKey("FK_GuidelineAcknowledgements_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_GuidelineAcknowledgements_GuidelineNotices_NoticeId", x => x.NoticeId, "GuidelineNotices", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_GuidelineAcknowledgements_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
        });
        // One confirmation per person and notice: a double click confirms once.
        mb.CreateIndex("IX_GuidelineAcknowledgements_NoticeId_UserId", "GuidelineAcknowledgements", ["NoticeId", "UserId"], unique: true);
        mb.CreateIndex("IX_GuidelineAcknowledgements_TenantId", "GuidelineAcknowledgements", "TenantId");
        mb.CreateIndex("IX_GuidelineAcknowledgements_UserId", "GuidelineAcknowledgements", "UserId");

        mb.CreateTable("AcknowledgementReminders", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            NoticeId = t.Column<Guid>(nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            RemindedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            RemindedByName = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AcknowledgementReminders", x => x.Id);
            t.ForeignKey("FK_AcknowledgementReminders_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_AcknowledgementReminders_GuidelineNotices_NoticeId", x => x.NoticeId, "GuidelineNotices", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_AcknowledgementReminders_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_AcknowledgementReminders_NoticeId_UserId", "AcknowledgementReminders", ["NoticeId", "UserId"]);
        mb.CreateIndex("IX_AcknowledgementReminders_TenantId", "AcknowledgementReminders", "TenantId");
        mb.CreateIndex("IX_AcknowledgementReminders_UserId", "AcknowledgementReminders", "UserId");

        mb.CreateTable("QuizQuestions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Position = t.Column<int>(nullable: false),
            ClauseId = t.Column<string>(maxLength: 60, nullable: false),
            Question = t.Column<string>(maxLength: 500, nullable: false),
            Choices = t.Column<string>(maxLength: 1000, nullable: false),
            Correct = t.Column<int>(nullable: false),
            Explanation = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_QuizQuestions", x => x.Id);
            t.ForeignKey("FK_QuizQuestions_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_QuizQuestions_TenantId_Position", "QuizQuestions", ["TenantId", "Position"]);

        mb.CreateTable("SavedSelfChecks", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            SavedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            Text = t.Column<string>(maxLength: 10000, nullable: false),
            Profile = t.Column<string>(maxLength: 2000, nullable: true),
            PlannedAt = t.Column<DateTimeOffset>(type: instant, nullable: true),
            Overtime = t.Column<bool>(nullable: false),
            BusinessTrip = t.Column<bool>(nullable: false),
            Outcome = t.Column<string>(maxLength: 500, nullable: false),
            PackReference = t.Column<string>(maxLength: 100, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SavedSelfChecks", x => x.Id);
            t.ForeignKey("FK_SavedSelfChecks_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_SavedSelfChecks_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_SavedSelfChecks_TenantId", "SavedSelfChecks", "TenantId");
        mb.CreateIndex("IX_SavedSelfChecks_UserId_SavedAt", "SavedSelfChecks", ["UserId", "SavedAt"]);
    }

    protected override void Down(MigrationBuilder mb)
    {
        foreach (var table in new[] { "SavedSelfChecks", "QuizQuestions", "AcknowledgementReminders", "GuidelineAcknowledgements", "GuidelineNotices" })
            mb.DropTable(table);
    }
}
