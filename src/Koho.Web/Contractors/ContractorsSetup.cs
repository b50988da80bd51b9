namespace Koho.Web.Contractors;

public static class ContractorsSetup
{
    public static IServiceCollection AddKohoContractors(this IServiceCollection services) => services.AddScoped<OutsideOrganizations>().AddScoped<OutsidePeople>();
}
