namespace Koho.Connectors.Tests;

/// <summary>
/// A clock for tests (Microsoft.Extensions.TimeProvider.Testing is not in the package feed). Time stands still
/// unless advanced; with <see cref="AutoAdvance"/> every timer created (Task.Delay, Polly's waits) moves the clock
/// forward by its due time and fires at once, so code that waits minutes runs in microseconds, and
/// <see cref="Delays"/> records what it waited for.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start, bool autoAdvance = true) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now = start;

    public bool AutoAdvance { get; set; } = autoAdvance;

    public IReadOnlyList<TimeSpan> Delays
    {
        get { lock (_lock) return [.. _delays]; }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock) _now += by;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (!AutoAdvance) throw new InvalidOperationException("a timer was started while the test clock does not advance by itself");
        if (dueTime == Timeout.InfiniteTimeSpan) return new Timer();
        lock (_lock)
        {
            _delays.Add(dueTime);
            _now += dueTime;
        }
        // Fired on the thread pool: the caller has not finished setting up its timer yet.
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new Timer();
    }

    private sealed class Timer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
