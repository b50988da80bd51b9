using Polly;
using Polly.Retry;

namespace Koho.Connectors;

/// <param name="MaxAttempts">Attempts in all, the first included (1 = never retry).</param>
/// <param name="BaseDelay">First backoff delay when the platform does not say how long to wait; doubles each time, with jitter.</param>
/// <param name="MaxDelay">The longest the caller is willing to wait in process. A platform asking for longer (a rate
/// limit resetting in 15 minutes) ends the retries and its Retry result is returned, so the caller reschedules the post
/// instead of holding a worker asleep.</param>
/// <param name="OnRetry">Called before each wait (attempt number from 1, the Retry result, the delay): the caller records every attempt.</param>
/// <param name="Randomizer">Jitter source in [0, 1); tests pin it.</param>
public sealed record PublishResilienceOptions(
    int MaxAttempts = 4,
    TimeSpan? BaseDelay = null,
    TimeSpan? MaxDelay = null,
    Func<int, PublishResult.Retry, TimeSpan, ValueTask>? OnRetry = null,
    Func<double>? Randomizer = null)
{
    public TimeSpan EffectiveBaseDelay => BaseDelay ?? TimeSpan.FromSeconds(2);
    public TimeSpan EffectiveMaxDelay => MaxDelay ?? TimeSpan.FromMinutes(2);
}

/// <summary>
/// Retries <see cref="PublishResult.Retry"/> answers, and only those: Ambiguous must be reconciled with FindAsync
/// before anything is resent, and Failed needs a person. Waits as long as the platform asked (Retry.After), else
/// exponential backoff with jitter; delays go through the given <see cref="TimeProvider"/>.
/// </summary>
public static class PublishResilience
{
    public static ResiliencePipeline<PublishResult> Create(PublishResilienceOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new PublishResilienceOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        var builder = new ResiliencePipelineBuilder<PublishResult> { TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.MaxAttempts == 1) return builder.Build();

        var maxDelay = options.EffectiveMaxDelay;
        var retry = new RetryStrategyOptions<PublishResult>
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.EffectiveBaseDelay,
            MaxDelay = maxDelay,
            // A platform-requested wait beyond the cap is not retried here: the caller reschedules.
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Result is PublishResult.Retry r && (r.After is null || r.After <= maxDelay)),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is PublishResult.Retry { After: { } after } ? (TimeSpan?)after : null),
        };
        if (options.Randomizer is { } random) retry.Randomizer = random;
        if (options.OnRetry is { } onRetry)
            retry.OnRetry = args => onRetry(args.AttemptNumber + 1, (PublishResult.Retry)args.Outcome.Result!, args.RetryDelay);
        return builder.AddRetry(retry).Build();
    }

    /// <summary>Publishes through the pipeline (a convenience for callers that hold a connector).</summary>
    public static ValueTask<PublishResult> PublishAsync(this ResiliencePipeline<PublishResult> pipeline, IPlatformConnector connector, PublishRequest request, CancellationToken ct) =>
        pipeline.ExecuteAsync(static async (state, token) => await state.connector.PublishAsync(state.request, token).ConfigureAwait(false),
            (connector, request), ct);
}
