using Xunit.v3;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// Runs a theory once per storage backend (<see cref="Backends.All"/>: SQLite, then PostgreSQL),
/// passing the backend's name as the test's first argument. Used as <c>[Theory, BothBackends]</c>
/// on every behaviour test, so that one line decides which stores a behaviour is proven on.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BothBackendsAttribute : MemberDataAttributeBase
{
    /// <summary>Takes its rows from <see cref="Backends.All"/>.</summary>
    public BothBackendsAttribute() : base(nameof(Backends.All), [])
    {
        MemberType = typeof(Backends);
    }
}
