using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LeadGen.Tests;

/// <summary>Everything loggers wrote, at every level, with their structured properties: what tests search for personal
/// data and secrets that must never be logged. Shared by the test projects as a linked file.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                // Structured properties too: a URI can travel as a property without appearing in the message.
                lines.Enqueue(string.Join(" ", properties.Select(p => $"{p.Key}={p.Value}")));
            }
        }
    }
}
