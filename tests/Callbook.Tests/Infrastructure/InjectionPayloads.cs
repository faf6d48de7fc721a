namespace Callbook.Tests.Infrastructure;

/// <summary>Text shaped like SQL injection, LIKE wildcards, placeholders and quoting tricks: data to the service, nothing more.</summary>
internal static class InjectionPayloads
{
    public static readonly string[] All =
    [
        "'; DROP TABLE contacts; --",
        "\" OR 1=1 --",
        "%' OR '1'='1",
        "' OR ''='",
        "Robert'); DROP TABLE contacts;--",
        "' UNION SELECT client_secret FROM apps --",
        "1; SELECT pg_sleep(3) --",
        "' || (SELECT sqlite_version()) || '",
        "*/ SELECT 1 /*",
        "\\",
        "\\'",
        "\\\"",
        "$1",
        "$$ x $$",
        "@id",
        ":id",
        "?",
        "%",
        "_",
        "%_%",
        "[a-z]%",
        "‘ OR ‘1’=‘1",
        "“quoted” ʼapostropheʼ",
        "\u02bc OR 1=1",
        "'",
        "''",
        "--",
        "x' AND 1=(SELECT COUNT(*) FROM contacts) --",
        "é%ß_İ",
    ];

    /// <summary>The same strings with a NUL inside: no text field accepts a control character.</summary>
    public static readonly string[] WithNul = ["'\0; DROP TABLE contacts; --", "\0", "abc\0"];
}
