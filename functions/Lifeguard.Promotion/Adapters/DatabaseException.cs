namespace Lifeguard.Promotion.Adapters;

/// <summary>A server refused, failed or could not be reached; the message names the server or the statement.</summary>
public sealed class DatabaseException(string message, Exception? inner = null) : Exception(message, inner);
