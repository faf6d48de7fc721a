using System.CommandLine;
using System.Text.Json;
using Callbook.Dispatch;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Webhooks;

namespace Callbook.Cli;

/// <summary>
/// <c>callbook webhooks create|list|update|rotate-secret|delete</c>: webhook subscriptions straight on the
/// database, under the same URL rules as the API (Callbook:Webhooks settings from appsettings.json and
/// the environment, as <c>serve</c> reads them).
/// </summary>
internal static class WebhookCommands
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static Command Build()
    {
        var webhooks = new Command("webhooks", "Manage webhook subscriptions (signed change events per stream).");
        webhooks.Subcommands.Add(Create());
        webhooks.Subcommands.Add(List());
        webhooks.Subcommands.Add(WebhookChangeCommands.Update());
        webhooks.Subcommands.Add(WebhookChangeCommands.RotateSecret());
        webhooks.Subcommands.Add(Delete());
        return webhooks;
    }

    private static Command Create()
    {
        var db = CallbookCli.DbOption();
        var stream = new Option<string>("--stream") { Description = "The stream whose contact changes are sent.", Required = true };
        var url = new Option<string>("--url") { Description = "Absolute http:// or https:// URL the events are POSTed to.", Required = true };
        var events = new Option<string[]>("--events")
        {
            Description = "Event types, comma-separated or repeated: " + string.Join(", ", WebhookEvents.Names) + " (default: all).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("create", "Subscribe a URL to a stream's contact changes; prints the subscription and its signing secret (shown once) as JSON.") { db, stream, url, events };
        command.SetAction((parse, ct) => CliHost.WithDatabaseAsync(parse.GetValue(db), async cli =>
        {
            var database = cli.Database;
            var streamId = parse.GetValue(stream)!;
            var target = parse.GetValue(url)!.Trim();
            var errors = new List<ApiError>();
            if (WebhookRules.CheckUrl(target) is { } urlError)
            {
                errors.Add(urlError);
            }
            var names = parse.GetValue(events) is { Length: > 0 } given
                ? given.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList<string?>()
                : null;
            var wanted = WebhookRules.ReadEvents(names, errors);
            if (errors.Count == 0 && await WebhookRules.CheckAddressAsync(target, cli.Options<WebhookOptions>().AddressPolicy(), ct) is { } refused)
            {
                errors.Add(refused);
            }
            if (errors.Count > 0)
            {
                return AdminCommands.Fail(string.Join(Environment.NewLine, errors.Select(e => e.Msg)));
            }
            if (await database.Tenancy.FindStreamScopeAsync(streamId, ct) is not { } scope)
            {
                return AdminCommands.Fail($"no stream {streamId}");
            }
            var secret = WebhookSignature.NewSecret();
            var max = cli.Options<WebhookOptions>().MaxPerStream;
            // Encrypted with the key ring serve reads, as app secrets are.
            var protector = cli.Services.GetRequiredService<Tenancy.ISecretProtector>();
            var created = await database.Webhooks.CreateWebhookAsync(scope, new NewWebhook(target, wanted, protector.Protect(secret)), max, ct);
            if (created is null)
            {
                return AdminCommands.Fail($"stream {streamId} already has {max} webhooks; delete one first");
            }
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                id = created.Id,
                streamId = created.StreamId,
                url = created.Url,
                events = WebhookEvents.ToNames(created.Events),
                secret,
            }, Pretty));
            return 0;
        }, ct));
        return command;
    }

    private static Command List()
    {
        var db = CallbookCli.DbOption();
        var stream = new Option<string>("--stream") { Description = "The stream.", Required = true };
        var command = new Command("list", "List a stream's webhook subscriptions (never their secrets).") { db, stream };
        command.SetAction((parse, ct) => AdminCommands.WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var streamId = parse.GetValue(stream)!;
            if (await database.Tenancy.FindStreamScopeAsync(streamId, ct) is not { } scope)
            {
                return AdminCommands.Fail($"no stream {streamId}");
            }
            foreach (var webhook in await database.Webhooks.ListWebhooksAsync(scope, ct))
            {
                Console.WriteLine($"{webhook.Id}  {string.Join(",", WebhookEvents.ToNames(webhook.Events))}  {webhook.Url}{(webhook.Active ? "" : "  PAUSED")}");
            }
            return 0;
        }, ct));
        return command;
    }

    private static Command Delete()
    {
        var db = CallbookCli.DbOption();
        var id = new Option<string>("--id") { Description = "The webhook id (wh-…).", Required = true };
        var command = new Command("delete", "Delete a webhook subscription: nothing more is sent to it.") { db, id };
        command.SetAction((parse, ct) => AdminCommands.WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var webhookId = parse.GetValue(id)!;
            if (!await database.WebhookOperations.DeleteAnyWebhookAsync(webhookId, ct))
            {
                return AdminCommands.Fail($"no webhook {webhookId}");
            }
            Console.WriteLine($"deleted {webhookId}");
            return 0;
        }, ct));
        return command;
    }
}
