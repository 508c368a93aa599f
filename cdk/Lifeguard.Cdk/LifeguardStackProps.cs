using Amazon.CDK;
using Lifeguard.Cdk.Configuration;
using Lifeguard.Cdk.Packaging;

namespace Lifeguard.Cdk;

public sealed class LifeguardStackProps : StackProps
{
    public required LifeguardConfig Config { get; init; }

    public required IFunctionPackager Packager { get; init; }
}
