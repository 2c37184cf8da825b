using System.Security.Cryptography;
using System.Text;

namespace Coordination.Server.Webhooks;

/// <summary>How webhook delivery retries (Coordination:Webhooks).</summary>
public sealed class WebhookSettings
{
    /// <summary>How often the outbox is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Retries back off 1, 2, 4, … seconds up to this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// Whether callbacks may go to private, loopback and link-local addresses (<see cref="CallbackAddresses"/>).
    /// Off unless a development profile turns it on: there the integrators' receivers run on the same machine.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
    /// <summary>How often a host makes sure recently changed cases handed their events and cards over (<see cref="HandOverSweep"/>).</summary>
    public TimeSpan HandOverSweepEvery { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How far back the first sweep looks when no sweep of this service was recorded yet (a new database).</summary>
    public TimeSpan HandOverLookBackOnStart { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Delivers the outbox: each message signed with HMAC-SHA256 of its body under the subscription's secret
/// (X-Coordination-Signature: sha256=…), with its sequence number; failures are retried with back-off, so an
/// integrator that was down catches up by itself.
/// </summary>
public sealed class WebhookDispatcher(WebhookStore store, IHttpClientFactory clients, Hosting.CoordinationSettings settings, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string HttpClientName = "webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = settings.Webhooks.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await store.TakeDue(100);
                await Task.WhenAll(due.Select(m => Deliver(m, stoppingToken)));
                if (due.Count > 0) continue; // more may be waiting behind the ones just sent
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Webhook dispatch failed; trying again");
            }
            try { await Task.Delay(poll, stoppingToken); } catch (OperationCanceledException) { break; }
        }
    }

    private async Task Deliver(OutboxMessage m, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, m.CallbackUrl) { Content = new StringContent(m.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Coordination-Signature", "sha256=" + Sign(m.Secret, m.Payload));
        request.Headers.Add("X-Coordination-Sequence", m.Sequence.ToString());
        request.Headers.Add("X-Coordination-Subscription", m.Subscription.ToString());
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
            if (response.IsSuccessStatusCode) { await store.Delivered(m); return; }
            await Retry(m, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            await Retry(m, e.Message);
        }
    }

    private Task Retry(OutboxMessage m, string error)
    {
        var backoff = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(m.Attempts, 16)));
        if (backoff > settings.Webhooks.MaxBackoff) backoff = settings.Webhooks.MaxBackoff;
        return store.Failed(m, error, backoff);
    }

    public static string Sign(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
