using System.Text;
using Microsoft.Extensions.Logging;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// A log provider that keeps everything the service logs, at the levels the service is configured
/// for: the message, every structured value (a JSON log would print them even when the message
/// does not), the scopes, and exceptions.
/// </summary>
internal sealed class CapturedLog : ILoggerProvider, ISupportExternalScope
{
    private readonly StringBuilder text = new();
    private readonly Lock gate = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public string Text
    {
        get
        {
            lock (gate)
            {
                return text.ToString();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, string line)
    {
        lock (gate)
        {
            text.Append(level).Append(' ').Append(category).Append(": ").AppendLine(line);
        }
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => log.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder(formatter(state, exception));
            AppendValues(line, state);
            log.scopes.ForEachScope((scope, builder) => AppendValues(builder.Append(" scope:"), scope), line);
            if (exception is not null)
            {
                line.Append(' ').Append(exception);
            }
            log.Write(category, logLevel, line.ToString());
        }

        private static void AppendValues(StringBuilder line, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" [").Append(key).Append('=').Append(value).Append(']');
                }
            }
            else
            {
                line.Append(' ').Append(state);
            }
        }
    }
}
