using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Errors;

/// <summary>
/// Narrows an answer made by a shared helper (typed at run time, e.g. <see cref="Contacts.ContactResults"/>)
/// to the <c>Results&lt;…&gt;</c> a handler declares: the declaration is what the OpenAPI document
/// shows, and an answer outside it is a bug (an <see cref="UnreachableException"/>, answered 500), not a silent
/// undocumented status.
/// </summary>
public static class Union
{
    public static Results<T1, T2, T3> Of<T1, T2, T3>(IResult result)
        where T1 : IResult where T2 : IResult where T3 : IResult => result switch
        {
            T1 a => a,
            T2 b => b,
            T3 c => c,
            _ => throw Outside(result),
        };

    public static Results<T1, T2, T3, T4> Of<T1, T2, T3, T4>(IResult result)
        where T1 : IResult where T2 : IResult where T3 : IResult where T4 : IResult => result switch
        {
            T1 a => a,
            T2 b => b,
            T3 c => c,
            T4 d => d,
            _ => throw Outside(result),
        };

    public static Results<T1, T2, T3, T4, T5> Of<T1, T2, T3, T4, T5>(IResult result)
        where T1 : IResult where T2 : IResult where T3 : IResult where T4 : IResult where T5 : IResult => result switch
        {
            T1 a => a,
            T2 b => b,
            T3 c => c,
            T4 d => d,
            T5 e => e,
            _ => throw Outside(result),
        };

    private static UnreachableException Outside(IResult result) =>
        new($"{result.GetType().Name} is not among the answers this endpoint declares");
}
