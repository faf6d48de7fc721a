namespace Callbook.Tenancy;

/// <summary>
/// Who a web console change is recorded as: the console user's own <c>u-…</c> id as the user, and
/// the fixed app actor id <see cref="AppActorId"/> (the console acts like one app), so history
/// tells a console edit from an API one and names the person who made it.
/// </summary>
public static class ConsoleActor
{
    public const string AppActorId = "a-console";

    public static Actor For(string consoleUserId) => new(consoleUserId, AppActorId);
}
