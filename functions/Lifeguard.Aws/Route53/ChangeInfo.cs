namespace Lifeguard.Aws.Route53;

/// <param name="Status">`PENDING` until every Route 53 server has the change, then `INSYNC`.</param>
public sealed record ChangeInfo(string Id, string Status, DateTimeOffset? SubmittedAt);
