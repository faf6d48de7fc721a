using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Callbook.Dispatch;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Webhooks;

namespace Callbook.Cli;

/// <summary><c>callbook webhooks update</c> and <c>rotate-secret</c>: the CLI's PATCH and rotate-secret.</summary>
internal static class WebhookChangeCommands
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static Command Update()
    {
        var db = CallbookCli.DbOption();
        var id = new Option<string>("--id") { Description = "The webhook id (wh-…).", Required = true };
        var url = new Option<string?>("--url") { Description = "A new URL, checked as on creation." };
        var events = new Option<string[]>("--events")
        {
            Description = "New event types, comma-separated or repeated: " + string.Join(", ", WebhookEvents.Names) + ".",
            AllowMultipleArgumentsPerToken = true,
        };
        var active = new Option<bool?>("--active") { Description = "false pauses the subscription (nothing is queued or sent), true resumes it." };
        var command = new Command("update", "Change a subscription's URL, events or active state; prints it as JSON.") { db, id, url, events, active };
        command.SetAction((parse, ct) => CliHost.WithDatabaseAsync(parse.GetValue(db), async cli =>
        {
            var errors = new List<ApiError>();
            var target = parse.GetValue(url)?.Trim();
            if (target is not null && WebhookRules.CheckUrl(target) is { } urlError)
            {
                errors.Add(urlError);
            }
            else if (target is not null && await WebhookRules.CheckAddressAsync(target, cli.Options<WebhookOptions>().AddressPolicy(), ct) is { } refused)
            {
                errors.Add(refused);
            }
            WebhookEventTypes? wanted = parse.GetValue(events) is { Length: > 0 } given
                ? WebhookRules.ReadEvents([.. given.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))], errors)
                : null;
            var change = new WebhookChange(target, wanted, parse.GetValue(active));
            if (errors.Count == 0 && change == new WebhookChange(null, null, null))
            {
                errors.Add(new ApiError("nothing to change: give --url, --events or --active", ErrorCodes.EmptyRequest));
            }
            if (errors.Count > 0)
            {
                return AdminCommands.Fail(string.Join(Environment.NewLine, errors.Select(e => e.Msg)));
            }
            var webhookId = parse.GetValue(id)!;
            var changed = await cli.Database.WebhookOperations.UpdateAnyWebhookAsync(webhookId, change, ct);
            return changed is null ? AdminCommands.Fail($"no webhook {webhookId}") : Print(changed, null, null);
        }, ct));
        return command;
    }

    public static Command RotateSecret()
    {
        var db = CallbookCli.DbOption();
        var id = new Option<string>("--id") { Description = "The webhook id (wh-…).", Required = true };
        var grace = new Option<int?>("--grace")
        {
            Description = "Seconds the replaced secret keeps signing beside the new one (default: Callbook:Webhooks:SecretRotationGrace, 24 h); 0 drops it at once.",
        };
        var command = new Command("rotate-secret", "Give a subscription a new signing secret; prints it (shown once) as JSON.") { db, id, grace };
        command.SetAction((parse, ct) => CliHost.WithDatabaseAsync(parse.GetValue(db), async cli =>
        {
            var seconds = parse.GetValue(grace);
            if (seconds is < 0 || seconds > Api.Webhooks.ChangeWebhook.MaxGrace.TotalSeconds)
            {
                return AdminCommands.Fail($"--grace must be from 0 to {Api.Webhooks.ChangeWebhook.MaxGrace.TotalSeconds:0} seconds");
            }
            var webhookId = parse.GetValue(id)!;
            var secret = WebhookSignature.NewSecret();
            var protector = cli.Services.GetRequiredService<Tenancy.ISecretProtector>();
            var until = DateTimeOffset.UtcNow + (seconds is { } s ? TimeSpan.FromSeconds(s) : cli.Options<WebhookOptions>().SecretRotationGrace);
            var rotated = await cli.Database.WebhookOperations.RotateAnySecretAsync(webhookId, protector.Protect(secret), until, ct);
            return rotated is null ? AdminCommands.Fail($"no webhook {webhookId}") : Print(rotated, secret, until);
        }, ct));
        return command;
    }

    private static int Print(WebhookSubscription webhook, string? secret, DateTimeOffset? previousUntil)
    {
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            id = webhook.Id,
            streamId = webhook.StreamId,
            url = webhook.Url,
            events = WebhookEvents.ToNames(webhook.Events),
            active = webhook.Active,
            secret,
            previousSecretExpiresAt = previousUntil?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        }, Pretty));
        return 0;
    }
}
