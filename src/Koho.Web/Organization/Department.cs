namespace Koho.Web.Organization;

/// <summary>A unit of the municipal organisation: 部 → 課 → 係.</summary>
public sealed class Department : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? ParentId { get; set; }
    public required string Name { get; set; }
    public DepartmentLevel Level { get; set; }
    public int SortOrder { get; set; }
}

public enum DepartmentLevel
{
    /// <summary>部 (bureau, top level)</summary>
    Bureau = 1,
    /// <summary>課 (section, under a 部)</summary>
    Section = 2,
    /// <summary>係 / 担当 (unit, under a 課)</summary>
    Unit = 3,
}

public static class DepartmentLevels
{
    public static string Label(this DepartmentLevel level) => level switch
    {
        DepartmentLevel.Bureau => "部",
        DepartmentLevel.Section => "課",
        DepartmentLevel.Unit => "係",
        _ => level.ToString(),
    };

    /// <summary>The level a child of a department at <paramref name="parent"/> must have (null = top level).</summary>
    public static DepartmentLevel ChildLevelOf(DepartmentLevel? parent) => parent switch
    {
        null => DepartmentLevel.Bureau,
        DepartmentLevel.Bureau => DepartmentLevel.Section,
        _ => DepartmentLevel.Unit,
    };
}

/// <summary>Marks entities that belong to one tenant; the DbContext filters them to the signed-in user's tenant.</summary>
public interface ITenantScoped
{
    Guid TenantId { get; set; }
}
