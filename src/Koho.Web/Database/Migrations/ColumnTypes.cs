using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Koho.Web.Database.Migrations;

/// <summary>
/// Store types that differ between the providers. Everything else is left to each provider's default mapping,
/// which is what the model uses too (a test compares the migrated schema with the model's).
/// </summary>
internal static class ColumnTypes
{
    /// <summary>DateTimeOffset: UTC ticks on SQLite (see KohoDbContext.ConfigureConventions), timestamptz on PostgreSQL.</summary>
    public static string Instant(MigrationBuilder mb) => mb.IsSqlite() ? "INTEGER" : "timestamp with time zone";

    /// <summary>An auto-incrementing integer key, as Identity's claim tables use.</summary>
    public static OperationBuilder<AddColumnOperation> AutoIncrement(this OperationBuilder<AddColumnOperation> column) =>
        column.Annotation("Sqlite:Autoincrement", true)
              .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
