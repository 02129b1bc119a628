using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace LeadGen.Api;

/// <summary>
/// What the API accepts as a request body, checked before authentication and before any endpoint reads it: at most
/// <see cref="MaxBodyBytes"/> (413), and JSON only in a character set it can decode (415), both as problem details.
/// Kestrel enforces its own body limit while it reads, but not every server does (the in-memory test server does not,
/// IIS in-process has its own), so the limit is applied here too: up front from Content-Length, and while reading when
/// the length is not known in advance (chunked).
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 2 * 1024 * 1024;

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large",
                $"A request body may have at most {MaxBodyBytes:N0} bytes.");
            return;
        }
        if (request.HasJsonContentType() && !HasReadableCharset(request.ContentType))
        {
            await Problems.Write(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                "The request's charset is not one the API can read; send JSON as UTF-8.");
            return;
        }
        var serverLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (request.ContentLength is null && serverLimit is null or > MaxBodyBytes)
            request.Body = new LimitedBody(request.Body, MaxBodyBytes);
        await next(context);
    });

    // The same lookup the JSON reader makes: a charset it cannot resolve makes it throw, which would be a 500.
    private static bool HasReadableCharset(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.Charset.HasValue) return true;
        try
        {
            Encoding.GetEncoding(mediaType.Charset.ToString());
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A request body that refuses to be read past the limit, as Kestrel's does: with a 413 the exception
    /// handler (or the endpoint's binding) turns into problem details.</summary>
    private sealed class LimitedBody(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw ForwardOnly();
        public override long Position { get => throw ForwardOnly(); set => throw ForwardOnly(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int bytes)
        {
            read += bytes;
            if (read > limit)
                throw new BadHttpRequestException($"A request body may have at most {limit:N0} bytes.", StatusCodes.Status413PayloadTooLarge);
            return bytes;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw ForwardOnly();
        public override void SetLength(long value) => throw ForwardOnly();
        public override void Write(byte[] buffer, int offset, int count) => throw ForwardOnly();

        private static NotSupportedException ForwardOnly() =>
            new("A request body is read once, from start to end: it has no length or position and cannot be written.");
    }
}
