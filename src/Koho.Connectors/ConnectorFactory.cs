namespace Koho.Connectors;

public interface IConnectorFactory
{
    IPlatformConnector For(Network network);

    /// <summary>The same platform's reading side (mentions, account search): the same connector instance as <see cref="For"/>.</summary>
    IPlatformWatch Watch(Network network);
}

/// <summary>
/// One connector per platform, created once and kept: the Bluesky connector caches sign-in sessions, so it must
/// live as long as the factory (register the factory as a singleton). The HttpClient should be long-lived too
/// (SocketsHttpHandler with a PooledConnectionLifetime); its Timeout bounds each call, and a timeout is classified
/// by the connectors, never retried by the handler.
/// </summary>
public sealed class ConnectorFactory : IConnectorFactory
{
    private readonly Dictionary<Network, IPlatformConnector> _connectors;
    private readonly Dictionary<Network, IPlatformWatch> _watches;

    public ConnectorFactory(HttpClient http, TimeProvider? time = null, PollOptions? polling = null)
    {
        time ??= TimeProvider.System;
        _connectors = new IPlatformConnector[]
        {
            new XConnector(http, time),
            new FacebookConnector(http, time),
            new InstagramConnector(http, time, polling),
            new LineConnector(http, time),
            new MastodonConnector(http, time, polling),
            new BlueskyConnector(http, time),
        }.ToDictionary(c => c.Network);
        // Every connector reads as well as publishes: one instance per platform for both (Bluesky's sessions are shared).
        _watches = _connectors.ToDictionary(kv => kv.Key, kv => (IPlatformWatch)kv.Value);
    }

    public IPlatformConnector For(Network network) =>
        _connectors.TryGetValue(network, out var connector)
            ? connector
            : throw new ArgumentOutOfRangeException(nameof(network), network, "このプラットフォームのコネクタはありません");

    public IPlatformWatch Watch(Network network) =>
        _watches.TryGetValue(network, out var watch)
            ? watch
            : throw new ArgumentOutOfRangeException(nameof(network), network, "このプラットフォームのコネクタはありません");
}
