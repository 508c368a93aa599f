namespace Lifeguard.Cdk.Configuration;

/// <summary>The deployment configuration is unreadable or invalid; the message names every bad field.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message) : base(message) { }

    public ConfigurationException(string message, Exception innerException) : base(message, innerException) { }

    public ConfigurationException() { }
}
