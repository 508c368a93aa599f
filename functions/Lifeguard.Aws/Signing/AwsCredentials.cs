namespace Lifeguard.Aws.Signing;

/// <summary>Keys to sign with; temporary ones carry a session token and an expiry.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null, DateTimeOffset? Expiration = null)
{
    // Keys never appear in logs or exception messages.
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O} }}";
}
