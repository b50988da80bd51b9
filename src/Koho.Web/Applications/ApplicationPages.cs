using Koho.Web.Organization;
using System.Security.Claims;

namespace Koho.Web.Applications;

public static class ApplicationPages
{
    /// <summary>The signed-in user with the roles they hold, as the application service wants them.</summary>
    public static Actor ActorOf(ClaimsPrincipal user) => new(CurrentUser.From(user), KohoRoles.All.Where(user.IsInRole).ToList());
}
