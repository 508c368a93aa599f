using System.Diagnostics.Tracing;

/// <summary>Counts the HTTP connections this process opens (System.Net.Http's ConnectionEstablished events).</summary>
internal sealed class ConnectionCounter : EventListener
{
    private int _opened;

    public int Opened => Volatile.Read(ref _opened);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "System.Net.Http")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName == "ConnectionEstablished")
        {
            Interlocked.Increment(ref _opened);
        }
    }
}
