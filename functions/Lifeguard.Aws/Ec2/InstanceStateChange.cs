namespace Lifeguard.Aws.Ec2;

public sealed record InstanceStateChange(string InstanceId, string PreviousState, string CurrentState);
