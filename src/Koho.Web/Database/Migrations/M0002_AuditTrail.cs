using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>The append-only, hash-chained audit trail.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0002_AuditTrail : Migration
{
    public const string Id = "20261121000002_AuditTrail";

    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("AuditRecords", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Seq = t.Column<long>(nullable: false),
            At = t.Column<DateTimeOffset>(type: ColumnTypes.Instant(mb), nullable: false),
            ActorId = t.Column<Guid>(nullable: true),
            ActorName = t.Column<string>(maxLength: 200, nullable: false),
            Action = t.Column<string>(maxLength: 100, nullable: false),
            TargetType = t.Column<string>(maxLength: 100, nullable: false),
            TargetId = t.Column<string>(maxLength: 100, nullable: false),
            Before = t.Column<string>(nullable: true),
            After = t.Column<string>(nullable: true),
            PrevHash = t.Column<string>(maxLength: 64, nullable: false),
            Hash = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AuditRecords", x => x.Id);
            t.ForeignKey("FK_AuditRecords_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_AuditRecords_TenantId_Seq", "AuditRecords", ["TenantId", "Seq"], unique: true);
        mb.CreateIndex("IX_AuditRecords_TenantId_At", "AuditRecords", ["TenantId", "At"]);

        // Append-only in the database as well as in the code: updates and deletes are refused by triggers.
        // Someone who drops the triggers first is caught by the keyed hash chain (the key is not in the
        // database), except for removing the newest records, which the head anchors in the log reveal.
        if (mb.IsSqlite())
        {
            mb.Sql("""
                CREATE TRIGGER AuditRecords_NoUpdate BEFORE UPDATE ON AuditRecords
                BEGIN SELECT RAISE(ABORT, 'AuditRecords is append-only'); END;
                """);
            mb.Sql("""
                CREATE TRIGGER AuditRecords_NoDelete BEFORE DELETE ON AuditRecords
                BEGIN SELECT RAISE(ABORT, 'AuditRecords is append-only'); END;
                """);
        }
        else
        {
            mb.Sql("""
                CREATE FUNCTION koho_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'AuditRecords is append-only'; END $$;
                """);
            mb.Sql("""
                CREATE TRIGGER "AuditRecords_AppendOnly" BEFORE UPDATE OR DELETE ON "AuditRecords"
                FOR EACH ROW EXECUTE FUNCTION koho_audit_append_only();
                """);
        }
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("AuditRecords");
        if (!mb.IsSqlite()) mb.Sql("DROP FUNCTION IF EXISTS koho_audit_append_only();");
    }
}
