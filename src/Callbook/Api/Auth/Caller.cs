using Callbook.Tenancy;

namespace Callbook.Api.Auth;

/// <summary>Who is calling and in which stream: filled once per request by <see cref="StreamAuthFilter"/>.</summary>
public sealed class Caller
{
    private StreamScope? scope;
    private Actor? actor;

    public StreamScope Scope => scope ?? throw new InvalidOperationException("the request was not authenticated");

    public Actor Actor => actor ?? throw new InvalidOperationException("the request was not authenticated");

    public string? ClientId { get; private set; }

    /// <summary>The stream's default country code ("+46"), which reads a caller lookup's national number; null when none is set.</summary>
    public string? DefaultCountryCode { get; private set; }

    internal void Set(App app, StreamAccess stream)
    {
        ClientId = app.ClientId;
        DefaultCountryCode = stream.DefaultCountryCode;
        scope = new StreamScope(stream.StreamId, stream.AccountId, stream.OrgId);
        actor = new Actor(app.UserId, app.ActorId);
    }
}
