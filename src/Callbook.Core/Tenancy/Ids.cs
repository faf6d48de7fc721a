using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Callbook.Tenancy;

/// <summary>Creates and recognises the id formats of the contract (section 1).</summary>
public static class Ids
{
    // ObjectId layout: 4-byte big-endian seconds, 5 random bytes fixed per process, 3-byte counter.
    private static readonly byte[] ProcessRandom = RandomNumberGenerator.GetBytes(5);
    private static int counter = RandomNumberGenerator.GetInt32(0, 0xFFFFFF);

    public static string NewOrgId() => "o-" + Guid.NewGuid().ToString("D");
    public static string NewStreamId() => "st-" + Guid.NewGuid().ToString("D");
    public static string NewUserId() => "u-" + Guid.NewGuid().ToString("D");
    public static string NewClientId() => "cs-" + Guid.NewGuid().ToString("D");
    public static string NewActorId() => "a-" + Guid.NewGuid().ToString("D");
    public static string NewWebhookId() => "wh-" + Guid.NewGuid().ToString("D");
    public static string NewAccountId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>A new contact id, ordered by creation second and, within one process, by creation order.</summary>
    public static string NewContactId(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)now.ToUnixTimeSeconds());
        ProcessRandom.CopyTo(bytes[4..]);
        var next = Interlocked.Increment(ref counter) & 0xFFFFFF;
        bytes[9] = (byte)(next >> 16);
        bytes[10] = (byte)(next >> 8);
        bytes[11] = (byte)next;
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>24 lowercase hex characters: the shape of account and contact ids.</summary>
    public static bool IsHex24(ReadOnlySpan<char> value)
    {
        if (value.Length != 24)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }
}
