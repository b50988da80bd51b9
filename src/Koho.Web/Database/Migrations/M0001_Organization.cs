using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koho.Web.Database.Migrations;

/// <summary>Tenants, departments, Identity's users and roles, and the Data Protection key ring.</summary>
[DbContext(typeof(KohoDbContext))]
[Migration(Id)]
public sealed class M0001_Organization : Migration
{
    public const string Id = "20261121000001_Organization";

    protected override void Up(MigrationBuilder mb)
    {
        var instant = ColumnTypes.Instant(mb);

        mb.CreateTable("Tenants", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Code = t.Column<string>(maxLength: 6, nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            PrOfficeName = t.Column<string>(maxLength: 100, nullable: false),
            ItOfficeName = t.Column<string>(maxLength: 100, nullable: false),
            HrOfficeName = t.Column<string>(maxLength: 100, nullable: false),
            CouncilName = t.Column<string>(maxLength: 100, nullable: false),
            CisoTitle = t.Column<string>(maxLength: 100, nullable: false),
            RequireTwoFactorForApprovers = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Tenants", x => x.Id));
        mb.CreateIndex("IX_Tenants_Code", "Tenants", "Code", unique: true);

        mb.CreateTable("Departments", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            ParentId = t.Column<Guid>(nullable: true),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Level = t.Column<int>(nullable: false),
            SortOrder = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Departments", x => x.Id);
            t.ForeignKey("FK_Departments_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Departments_Departments_ParentId", x => x.ParentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Departments_ParentId", "Departments", "ParentId");
        mb.CreateIndex("IX_Departments_TenantId_ParentId_Name", "Departments", ["TenantId", "ParentId", "Name"], unique: true);

        mb.CreateTable("AspNetRoles", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedName = t.Column<string>(maxLength: 256, nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AspNetRoles", x => x.Id));
        mb.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);

        mb.CreateTable("AspNetUsers", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            DepartmentId = t.Column<Guid>(nullable: true),
            DisplayName = t.Column<string>(maxLength: 100, nullable: false),
            PrefersWareki = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTimeOffset>(type: instant, nullable: false),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
            Email = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
            EmailConfirmed = t.Column<bool>(nullable: false),
            PasswordHash = t.Column<string>(nullable: true),
            SecurityStamp = t.Column<string>(nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
            PhoneNumber = t.Column<string>(nullable: true),
            PhoneNumberConfirmed = t.Column<bool>(nullable: false),
            TwoFactorEnabled = t.Column<bool>(nullable: false),
            LockoutEnd = t.Column<DateTimeOffset>(type: instant, nullable: true),
            LockoutEnabled = t.Column<bool>(nullable: false),
            AccessFailedCount = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUsers", x => x.Id);
            t.ForeignKey("FK_AspNetUsers_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_AspNetUsers_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        mb.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        mb.CreateIndex("IX_AspNetUsers_TenantId", "AspNetUsers", "TenantId");
        mb.CreateIndex("IX_AspNetUsers_DepartmentId", "AspNetUsers", "DepartmentId");

        mb.CreateTable("AspNetRoleClaims", t => new
        {
            Id = t.Column<int>(nullable: false).AutoIncrement(),
            RoleId = t.Column<Guid>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
            t.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");

        mb.CreateTable("AspNetUserClaims", t => new
        {
            Id = t.Column<int>(nullable: false).AutoIncrement(),
            UserId = t.Column<Guid>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
            t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");

        mb.CreateTable("AspNetUserLogins", t => new
        {
            LoginProvider = t.Column<string>(nullable: false),
            ProviderKey = t.Column<string>(nullable: false),
            ProviderDisplayName = t.Column<string>(nullable: true),
            UserId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
            t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");

        mb.CreateTable("AspNetUserRoles", t => new
        {
            UserId = t.Column<Guid>(nullable: false),
            RoleId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
            t.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");

        mb.CreateTable("AspNetUserTokens", t => new
        {
            UserId = t.Column<Guid>(nullable: false),
            LoginProvider = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Value = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
            t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("DataProtectionKeys", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            FriendlyName = t.Column<string>(maxLength: 200, nullable: true),
            Xml = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        // The fixed roles are reference data of the schema: every tenant uses the same set.
        // Hand-written migrations carry no target model, so InsertData is told the store types.
        string[] types = mb.IsSqlite()
            ? ["TEXT", "TEXT", "TEXT", "TEXT"]
            : ["uuid", "character varying(256)", "character varying(256)", "text"];
        foreach (var (role, id) in RoleIds)
        {
            mb.InsertData("AspNetRoles", ["Id", "Name", "NormalizedName", "ConcurrencyStamp"], types,
                [Guid.Parse(id), role, role.ToUpperInvariant(), id]);
        }
    }

    private static readonly (string Role, string Id)[] RoleIds =
    [
        (Organization.KohoRoles.Operator, "6b0c2f4e-0001-4a10-9c1e-6b6f686f0001"),
        (Organization.KohoRoles.AccountManager, "6b0c2f4e-0002-4a10-9c1e-6b6f686f0002"),
        (Organization.KohoRoles.PrOffice, "6b0c2f4e-0003-4a10-9c1e-6b6f686f0003"),
        (Organization.KohoRoles.ItOffice, "6b0c2f4e-0004-4a10-9c1e-6b6f686f0004"),
        (Organization.KohoRoles.Ciso, "6b0c2f4e-0005-4a10-9c1e-6b6f686f0005"),
        (Organization.KohoRoles.Council, "6b0c2f4e-0006-4a10-9c1e-6b6f686f0006"),
        (Organization.KohoRoles.Hr, "6b0c2f4e-0007-4a10-9c1e-6b6f686f0007"),
        (Organization.KohoRoles.Auditor, "6b0c2f4e-0008-4a10-9c1e-6b6f686f0008"),
        (Organization.KohoRoles.Administrator, "6b0c2f4e-0009-4a10-9c1e-6b6f686f0009"),
    ];

    protected override void Down(MigrationBuilder mb)
    {
        foreach (var table in new[] { "DataProtectionKeys", "AspNetUserTokens", "AspNetUserRoles", "AspNetUserLogins",
                     "AspNetUserClaims", "AspNetRoleClaims", "AspNetUsers", "AspNetRoles", "Departments", "Tenants" })
        {
            mb.DropTable(table);
        }
    }
}
