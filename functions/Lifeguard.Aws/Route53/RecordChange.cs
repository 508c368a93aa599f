namespace Lifeguard.Aws.Route53;

/// <summary>
/// One change of a batch. A batch is atomic: DELETE of the exact current value with CREATE of the new one is a
/// compare-and-swap that fails (InvalidChangeBatch) when someone else changed the record first.
/// </summary>
public sealed record RecordChange(ChangeAction Action, ResourceRecordSet RecordSet);
