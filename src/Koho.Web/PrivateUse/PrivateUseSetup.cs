namespace Koho.Web.PrivateUse;

public static class PrivateUseSetup
{
    public static IServiceCollection AddKohoPrivateUse(this IServiceCollection services)
    {
        services.AddScoped<Acknowledgements>();
        services.AddScoped<SavedSelfChecks>();
        return services;
    }
}
