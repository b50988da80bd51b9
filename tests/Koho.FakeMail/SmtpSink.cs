using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Koho.FakeMail;

public sealed class SmtpSinkOptions
{
    /// <summary>The name in the greeting and the EHLO reply.</summary>
    public string HostName { get; set; } = "fakemail.koho.test";

    /// <summary>
    /// With both set, the sink advertises AUTH PLAIN LOGIN, checks AUTH against them (535 otherwise) and refuses MAIL
    /// FROM before a successful AUTH (530), as a submission server does.
    /// </summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Accept mail without AUTH even when credentials are set (a relay that offers but does not require it).</summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>Larger messages are refused with 552.</summary>
    public int MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>
/// A local SMTP server for tests, hand-written (no SMTP server library is available here): 127.0.0.1 on a random
/// port, speaking enough RFC 5321 for System.Net.Mail.SmtpClient and similar clients — greeting, EHLO/HELO, AUTH
/// PLAIN/LOGIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, VRFY, QUIT. It stores what it accepts and delivers
/// nothing. Faults can be injected: refused recipients, a refused message after DATA, a connection dropped or left
/// silent at connect.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const int MaxLineBytes = 4096; // RFC 5321 allows 512 for commands and 1000 for text lines; be lenient

    private readonly SmtpSinkOptions _options;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, (TcpClient Client, Task Task)> _sessions = new();
    private readonly Lock _lock = new();
    private readonly List<ReceivedMessage> _messages = [];
    private readonly List<string> _commands = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly Queue<int> _recipientRejections = new();
    private readonly Queue<int> _messageRejections = new();
    private int _closeNext;
    private int _stallNext;
    private int _connections;
    private int _nextSessionId;
    private Task? _acceptLoop;

    private SmtpSink(SmtpSinkOptions options)
    {
        _options = options;
        _listener = new TcpListener(IPAddress.Loopback, 0);
    }

    /// <summary>Starts listening on 127.0.0.1 and a free port (<see cref="Port"/>).</summary>
    public static Task<SmtpSink> StartAsync(SmtpSinkOptions? options = null)
    {
        var sink = new SmtpSink(options ?? new SmtpSinkOptions());
        sink._listener.Start();
        sink._acceptLoop = Task.Run(sink.AcceptLoopAsync);
        return Task.FromResult(sink);
    }

    public string Host => "127.0.0.1";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private bool AuthConfigured => _options.UserName is not null && _options.Password is not null;

    /// <summary>Accepted messages, in the order their DATA completed (a snapshot).</summary>
    public IReadOnlyList<ReceivedMessage> Messages
    {
        get { lock (_lock) return [.. _messages]; }
    }

    /// <summary>Command lines received, in order, from every connection (AUTH exchanges shown without their data).</summary>
    public IReadOnlyList<string> Commands
    {
        get { lock (_lock) return [.. _commands]; }
    }

    /// <summary>How many connections were accepted (including dropped ones).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The next <paramref name="count"/> RCPT TO commands (on any connection) are answered with <paramref name="code"/>, e.g. 550 or 450.</summary>
    public void RejectNextRecipients(int code, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        lock (_lock)
        {
            for (var i = 0; i < count; i++) _recipientRejections.Enqueue(code);
        }
    }

    /// <summary>The next message is refused with <paramref name="code"/> after its DATA (e.g. 554 as a content filter, 451 as a local error).</summary>
    public void RejectNextMessage(int code)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        lock (_lock) _messageRejections.Enqueue(code);
    }

    /// <summary>The next connection is accepted and closed at once, before the greeting (a crashing or overloaded server).</summary>
    public void CloseOnNextConnection() => Interlocked.Increment(ref _closeNext);

    /// <summary>The next connection is accepted and never greeted, until the client gives up (a hung server, for timeouts).</summary>
    public void StallOnNextConnection() => Interlocked.Increment(ref _stallNext);

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived; throws TimeoutException otherwise.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (_messages.Count >= count) return [.. _messages];
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
        }
        try
        {
            await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiters.RemoveAll(w => w.Done == done);
                throw new TimeoutException($"expected {count} message(s), received {_messages.Count}");
            }
        }
        return Messages;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            if (TryTake(ref _closeNext))
            {
                // Reset rather than FIN, as a crashed process or a firewall would.
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }
            var id = Interlocked.Increment(ref _nextSessionId);
            var stall = TryTake(ref _stallNext);
            var task = Task.Run(async () =>
            {
                try
                {
                    if (stall) await StallAsync(client).ConfigureAwait(false);
                    else await SessionAsync(client).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client went away, or the sink is stopping.
                }
                finally
                {
                    client.Dispose();
                    _sessions.TryRemove(id, out _);
                }
            });
            _sessions[id] = (client, task);
        }
    }

    private static bool TryTake(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0) return false;
            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current) return true;
        }
    }

    private async Task StallAsync(TcpClient client)
    {
        // Read and discard until the client closes, saying nothing.
        var buffer = new byte[256];
        var stream = client.GetStream();
        while (await stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false) > 0) { }
    }

    private async Task SessionAsync(TcpClient client)
    {
        var ct = _stop.Token;
        var stream = client.GetStream();
        var reader = new LineReader(stream);
        var session = new Session();

        await ReplyAsync("220 " + _options.HostName + " Koho FakeMail ESMTP ready").ConfigureAwait(false);
        while (true)
        {
            var line = await reader.ReadLineAsync(MaxLineBytes, ct).ConfigureAwait(false);
            if (line is null) return;
            if (line.TooLong)
            {
                await ReplyAsync("500 5.5.2 Line too long").ConfigureAwait(false);
                continue;
            }
            var text = Encoding.UTF8.GetString(line.Bytes);
            var space = text.IndexOf(' ');
            var verb = (space < 0 ? text : text[..space]).ToUpperInvariant();
            var argument = space < 0 ? "" : text[(space + 1)..].Trim();
            Record(verb == "AUTH" ? "AUTH " + argument.Split(' ')[0].ToUpperInvariant() : text);

            switch (verb)
            {
                case "EHLO":
                    session.Greeted = true;
                    session.Reset();
                    List<string> lines = [_options.HostName + " greets " + argument, "8BITMIME", "SMTPUTF8", "SIZE " + _options.MaxMessageBytes];
                    if (AuthConfigured) lines.Add("AUTH PLAIN LOGIN");
                    lines.Add("ENHANCEDSTATUSCODES");
                    for (var i = 0; i < lines.Count; i++)
                        await ReplyAsync("250" + (i == lines.Count - 1 ? " " : "-") + lines[i]).ConfigureAwait(false);
                    break;
                case "HELO":
                    session.Greeted = true;
                    session.Reset();
                    await ReplyAsync("250 " + _options.HostName).ConfigureAwait(false);
                    break;
                case "AUTH":
                    await AuthAsync(session, argument).ConfigureAwait(false);
                    break;
                case "MAIL":
                    if (!session.Greeted) await ReplyAsync("503 5.5.1 Send EHLO or HELO first").ConfigureAwait(false);
                    else if (AuthConfigured && !_options.AllowUnauthenticated && session.User is null)
                        await ReplyAsync("530 5.7.0 Authentication required").ConfigureAwait(false);
                    else if (session.From is not null) await ReplyAsync("503 5.5.1 Sender already given").ConfigureAwait(false);
                    else if (!TryPath(argument, "FROM:", allowEmpty: true, out var from)) await ReplyAsync("501 5.1.7 Bad sender address syntax").ConfigureAwait(false);
                    else
                    {
                        session.From = from;
                        await ReplyAsync("250 2.1.0 Sender OK").ConfigureAwait(false);
                    }
                    break;
                case "RCPT":
                    if (session.From is null) await ReplyAsync("503 5.5.1 Need MAIL before RCPT").ConfigureAwait(false);
                    else if (!TryPath(argument, "TO:", allowEmpty: false, out var to) || !to.Contains('@'))
                        await ReplyAsync("501 5.1.3 Bad recipient address syntax").ConfigureAwait(false);
                    else if (NextRejection(_recipientRejections) is { } code)
                        await ReplyAsync(code >= 500
                            ? $"{code} 5.1.1 <{to}>: Recipient address rejected: User unknown"
                            : $"{code} 4.2.1 <{to}>: Mailbox temporarily unavailable, try again later").ConfigureAwait(false);
                    else if (session.To.Count >= 1000) await ReplyAsync("452 4.5.3 Too many recipients").ConfigureAwait(false);
                    else
                    {
                        session.To.Add(to);
                        await ReplyAsync("250 2.1.5 Recipient OK").ConfigureAwait(false);
                    }
                    break;
                case "DATA":
                    if (session.From is null || session.To.Count == 0) await ReplyAsync("503 5.5.1 Need MAIL and RCPT before DATA").ConfigureAwait(false);
                    else await DataAsync(session).ConfigureAwait(false);
                    break;
                case "RSET":
                    session.Reset();
                    await ReplyAsync("250 2.0.0 OK").ConfigureAwait(false);
                    break;
                case "NOOP":
                    await ReplyAsync("250 2.0.0 OK").ConfigureAwait(false);
                    break;
                case "VRFY":
                    await ReplyAsync("252 2.5.2 Cannot verify, will attempt delivery").ConfigureAwait(false);
                    break;
                case "QUIT":
                    await ReplyAsync("221 2.0.0 Bye").ConfigureAwait(false);
                    return;
                case "STARTTLS":
                    await ReplyAsync("454 4.7.0 TLS not available").ConfigureAwait(false);
                    break;
                default:
                    await ReplyAsync("500 5.5.2 Command not recognised").ConfigureAwait(false);
                    break;
            }
        }

        async Task DataAsync(Session s)
        {
            await ReplyAsync("354 End data with <CR><LF>.<CR><LF>").ConfigureAwait(false);
            var data = new MemoryStream();
            var tooLarge = false;
            while (true)
            {
                var dataLine = await reader.ReadLineAsync(1_000_000, ct).ConfigureAwait(false);
                if (dataLine is null) return; // dropped mid-message: nothing is stored
                var bytes = dataLine.Bytes;
                if (bytes is [(byte)'.']) break;
                // Dot-unstuffing (RFC 5321 4.5.2): a line the client began with "." had one added.
                var start = bytes.Length > 0 && bytes[0] == (byte)'.' ? 1 : 0;
                if (data.Length + bytes.Length > _options.MaxMessageBytes) tooLarge = true;
                if (!tooLarge)
                {
                    data.Write(bytes, start, bytes.Length - start);
                    data.Write("\r\n"u8);
                }
            }
            if (tooLarge)
            {
                s.Reset();
                await ReplyAsync("552 5.3.4 Message size exceeds fixed limit").ConfigureAwait(false);
                return;
            }
            if (NextRejection(_messageRejections) is { } code)
            {
                s.Reset();
                await ReplyAsync(code >= 500 ? $"{code} 5.7.1 Message rejected" : $"{code} 4.3.0 Local error in processing, try again later").ConfigureAwait(false);
                return;
            }
            var message = new ReceivedMessage(s.From!, [.. s.To], data.ToArray(), s.User, _options.TimeProvider.GetUtcNow());
            s.Reset();
            Store(message);
            await ReplyAsync($"250 2.0.0 OK queued as {Guid.NewGuid():N}").ConfigureAwait(false);
        }

        async Task AuthAsync(Session s, string argument)
        {
            var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!AuthConfigured) { await ReplyAsync("502 5.5.1 AUTH not available").ConfigureAwait(false); return; }
            if (!s.Greeted) { await ReplyAsync("503 5.5.1 Send EHLO first").ConfigureAwait(false); return; }
            if (s.User is not null) { await ReplyAsync("503 5.5.1 Already authenticated").ConfigureAwait(false); return; }
            if (s.From is not null) { await ReplyAsync("503 5.5.1 AUTH not permitted during a mail transaction").ConfigureAwait(false); return; }
            if (parts.Length == 0) { await ReplyAsync("501 5.5.4 Mechanism required").ConfigureAwait(false); return; }

            string? user, password;
            switch (parts[0].ToUpperInvariant())
            {
                case "PLAIN":
                    // RFC 4616: base64("authzid\0authcid\0password"), as the initial response or after an empty 334.
                    var response = parts.Length > 1 ? parts[1] : await ChallengeAsync("");
                    if (response is null) return;
                    var fields = Base64(response)?.Split('\0');
                    if (fields is not { Length: 3 }) { await ReplyAsync("501 5.5.2 Cannot decode AUTH PLAIN response").ConfigureAwait(false); return; }
                    (user, password) = (fields[1], fields[2]);
                    break;
                case "LOGIN":
                    // The de facto LOGIN mechanism: "Username:" and "Password:" challenges, each answered in base64.
                    var userResponse = parts.Length > 1 ? parts[1] : await ChallengeAsync("Username:");
                    if (userResponse is null) return;
                    var passwordResponse = await ChallengeAsync("Password:");
                    if (passwordResponse is null) return;
                    (user, password) = (Base64(userResponse), Base64(passwordResponse));
                    if (user is null || password is null) { await ReplyAsync("501 5.5.2 Cannot decode AUTH LOGIN response").ConfigureAwait(false); return; }
                    break;
                default:
                    await ReplyAsync("504 5.5.4 Unrecognised authentication mechanism").ConfigureAwait(false);
                    return;
            }
            if (user == _options.UserName && password == _options.Password)
            {
                s.User = user;
                await ReplyAsync("235 2.7.0 Authentication successful").ConfigureAwait(false);
            }
            else
            {
                await ReplyAsync("535 5.7.8 Authentication credentials invalid").ConfigureAwait(false);
            }
        }

        // Sends a 334 challenge and returns the client's line, or null when it cancelled ("*") or left.
        async Task<string?> ChallengeAsync(string prompt)
        {
            await ReplyAsync("334 " + Convert.ToBase64String(Encoding.ASCII.GetBytes(prompt))).ConfigureAwait(false);
            var answer = await reader.ReadLineAsync(MaxLineBytes, ct).ConfigureAwait(false);
            if (answer is null) return null;
            var value = Encoding.ASCII.GetString(answer.Bytes).Trim();
            if (value == "*")
            {
                await ReplyAsync("501 5.7.0 Authentication cancelled").ConfigureAwait(false);
                return null;
            }
            return value;
        }

        async Task ReplyAsync(string reply)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), ct).ConfigureAwait(false);
        }
    }

    private static string? Base64(string value)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(value)); }
        catch (FormatException) { return null; }
    }

    /// <summary>"FROM:&lt;a@b&gt; SIZE=…" → a@b. Parameters after the path (SIZE, BODY, SMTPUTF8) are accepted and ignored.</summary>
    private static bool TryPath(string argument, string prefix, bool allowEmpty, out string address)
    {
        address = "";
        if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var rest = argument[prefix.Length..].TrimStart();
        if (!rest.StartsWith('<')) return false;
        var close = rest.IndexOf('>');
        if (close < 0) return false;
        address = rest[1..close].Trim();
        if (address.Length == 0) return allowEmpty; // the null reverse-path "<>" of bounces
        if (address.Contains(' ') || address.Count(c => c == '@') != 1 || address.StartsWith('@') || address.EndsWith('@')) return false;
        return true;
    }

    private int? NextRejection(Queue<int> queue)
    {
        lock (_lock) return queue.TryDequeue(out var code) ? code : null;
    }

    private void Record(string command)
    {
        lock (_lock) _commands.Add(command);
    }

    private void Store(ReceivedMessage message)
    {
        lock (_lock)
        {
            _messages.Add(message);
            foreach (var waiter in _waiters.Where(w => _messages.Count >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener.Stop();
        foreach (var (client, _) in _sessions.Values) client.Dispose();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_sessions.Values.Select(s => s.Task)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private sealed class Session
    {
        public bool Greeted;
        public string? User;
        public string? From;
        public readonly List<string> To = [];

        public void Reset()
        {
            From = null;
            To.Clear();
        }
    }

    private sealed record Line(byte[] Bytes, bool TooLong);

    /// <summary>Reads CRLF-terminated lines as bytes (a bare LF is accepted too), so 8-bit data passes unchanged.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public async ValueTask<Line?> ReadLineAsync(int max, CancellationToken ct)
        {
            var line = new MemoryStream();
            var tooLong = false;
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var take = (newline < 0 ? _end : newline) - _start;
                if (line.Length + take > max) tooLong = true;
                else line.Write(_buffer, _start, take);
                if (newline >= 0)
                {
                    _start = newline + 1;
                    var bytes = line.ToArray();
                    if (bytes is [.., (byte)'\r']) bytes = bytes[..^1];
                    return new Line(tooLong ? [] : bytes, tooLong);
                }
                _start = _end = 0;
                var read = await stream.ReadAsync(_buffer, ct).ConfigureAwait(false);
                if (read == 0) return null;
                _end = read;
            }
        }
    }
}
