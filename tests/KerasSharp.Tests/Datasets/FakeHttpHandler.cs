using System.Net;

namespace KerasSharp.Tests.Datasets;

/// <summary>
/// A fake HTTP server: serves registered bodies by URL, can break a transfer off after some bytes (by throwing, or
/// by ending early while announcing the full length), and records every request.
/// </summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Dictionary<string, byte[]> _bodies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int After, bool Throw)> _breaks = new(StringComparer.Ordinal);

    /// <summary>Every URL requested, in order.</summary>
    internal List<string> Requests { get; } = [];

    /// <summary>Serves <paramref name="body"/> at <paramref name="url"/>.</summary>
    internal FakeHttpHandler Serve(string url, byte[] body)
    {
        _bodies[url] = body;
        return this;
    }

    /// <summary>Breaks the transfer of <paramref name="url"/> off after <paramref name="after"/> bytes.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="after">Bytes delivered before the break.</param>
    /// <param name="throwIOException">True to throw an <see cref="IOException"/> (a reset connection); false to end
    /// the body early while Content-Length announces the whole file.</param>
    internal FakeHttpHandler BreakAfter(string url, int after, bool throwIOException)
    {
        _breaks[url] = (after, throwIOException);
        return this;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string url = request.RequestUri!.ToString();
        Requests.Add(url);
        if (!_bodies.TryGetValue(url, out byte[]? body))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { ReasonPhrase = "Not Found", RequestMessage = request };
        }

        Stream stream = _breaks.TryGetValue(url, out var brk)
            ? new BreakingStream(body, brk.After, brk.Throw)
            : new MemoryStream(body, writable: false);
        var content = new StreamContent(stream);
        content.Headers.ContentLength = body.Length;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));

    /// <summary>A read-only stream that delivers the first bytes of a body and then fails or ends.</summary>
    private sealed class BreakingStream(byte[] body, int after, bool throwIOException) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= after)
            {
                if (throwIOException)
                {
                    throw new IOException("Connection reset by peer.");
                }

                return 0;
            }

            int n = Math.Min(count, Math.Min(after, body.Length) - _position);
            Array.Copy(body, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
