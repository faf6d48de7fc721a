using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Callbook.Stores;

namespace Callbook.Contacts;

/// <summary>
/// Opaque, tamper-evident list cursors: the keyset position (created_at, id) plus a digest of
/// the filters, signed with HMAC-SHA256 under the installation's key and bound to the stream.
/// A cursor altered by one bit, made for another stream or for other filters does not decode.
/// </summary>
public static class ContactCursor
{
    private const byte Version = 1;
    private const int FilterBytes = 8;
    private const int MacBytes = 16;
    private const int PayloadBytes = 1 + 8 + 12 + FilterBytes;

    public static string Encode(byte[] key, string streamId, string filters, ListPosition position)
    {
        Span<byte> token = stackalloc byte[PayloadBytes + MacBytes];
        token[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(token[1..], position.CreatedAtMs);
        Convert.FromHexString(position.Id, token.Slice(9, 12), out _, out _);
        Digest(filters, token.Slice(21, FilterBytes));
        Mac(key, streamId, token[..PayloadBytes], token[PayloadBytes..]);
        return Convert.ToBase64String(token).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(byte[] key, string streamId, string filters, string cursor, out ListPosition position)
    {
        position = null!;
        if (cursor.Length is 0 or > 64)
        {
            return false;
        }
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        Span<byte> token = stackalloc byte[64];
        if (!Convert.TryFromBase64String(base64, token, out var length) || length != PayloadBytes + MacBytes || token[0] != Version)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(key, streamId, token[..PayloadBytes], expected);
        Span<byte> filterDigest = stackalloc byte[FilterBytes];
        Digest(filters, filterDigest);
        if (!CryptographicOperations.FixedTimeEquals(expected, token.Slice(PayloadBytes, MacBytes)) || !filterDigest.SequenceEqual(token.Slice(21, FilterBytes)))
        {
            return false;
        }
        position = new ListPosition(BinaryPrimitives.ReadInt64BigEndian(token[1..]), Convert.ToHexStringLower(token.Slice(9, 12)));
        return true;
    }

    private static void Digest(string filters, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(filters), hash);
        hash[..destination.Length].CopyTo(destination);
    }

    private static void Mac(byte[] key, string streamId, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var input = new byte[payload.Length + Encoding.UTF8.GetByteCount(streamId)];
        payload.CopyTo(input);
        Encoding.UTF8.GetBytes(streamId, input.AsSpan(payload.Length));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, input, mac);
        mac[..destination.Length].CopyTo(destination);
    }
}
