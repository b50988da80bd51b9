using System.Net;
using System.Net.Sockets;

namespace Koho.Web.Notifications;

/// <summary>
/// Where webhook calls may connect: the address the host name resolves to is checked at connect time (a name that
/// resolves to this machine or a link-local address such as cloud metadata is refused), not only the URL's text.
/// </summary>
public static class WebhookGuard
{
    public static SocketsHttpHandler Handler(bool allowLoopback) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = addresses.Where(a => allowLoopback || !Forbidden(a)).ToArray();
            if (allowed.Length == 0) throw new HttpRequestException("Webhook の接続先がこのサーバー自身かリンクローカルのアドレスです。");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static bool Forbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.IsIPv6LinkLocal || address.IsIPv6Multicast) return true;
        var b = address.GetAddressBytes();
        return address.AddressFamily == AddressFamily.InterNetwork && (b[0] == 169 && b[1] == 254 || b[0] == 0 || b[0] >= 224);
    }
}
