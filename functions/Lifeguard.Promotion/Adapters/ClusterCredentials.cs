using System.Text.Json;

namespace Lifeguard.Promotion.Adapters;

/// <summary>The cluster's secret: the admin user Lifeguard connects as, and the replication user. ToString never shows a password.</summary>
public sealed record ClusterCredentials(string Username, string Password, string ReplicationUsername, string ReplicationPassword)
{
    /// <summary>Parses the secret's JSON; errors name the secret and the field, never a value.</summary>
    public static ClusterCredentials Parse(string secretId, string? secretString)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(secretString ?? "").RootElement;
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"secret {secretId}: not a JSON object with username, password, replicationUsername and replicationPassword.");
        }

        string Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"secret {secretId}: '{name}' is missing or empty (the secret needs username, password, replicationUsername and replicationPassword).");
        return new ClusterCredentials(Field("username"), Field("password"), Field("replicationUsername"), Field("replicationPassword"));
    }

    public override string ToString() => $"ClusterCredentials {{ Username = {Username}, ReplicationUsername = {ReplicationUsername} }}";
}
