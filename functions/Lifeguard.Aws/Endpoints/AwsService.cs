namespace Lifeguard.Aws.Endpoints;

/// <summary>
/// A service as endpoints and signing see it. <see cref="EnvironmentName"/> is the SDKs' suffix for
/// AWS_ENDPOINT_URL_&lt;SERVICE&gt; (the service id, upper case, spaces as underscores).
/// </summary>
public sealed record AwsService(string Name, string SigningName, string EnvironmentName, Func<string, string, string> Host, bool IsGlobal = false)
{
    public static readonly AwsService Ec2 = Regional("EC2", "ec2", "EC2", "ec2");
    public static readonly AwsService Sns = Regional("SNS", "sns", "SNS", "sns");
    public static readonly AwsService SecretsManager = Regional("Secrets Manager", "secretsmanager", "SECRETS_MANAGER", "secretsmanager");
    public static readonly AwsService Ssm = Regional("SSM", "ssm", "SSM", "ssm");
    public static readonly AwsService S3 = Regional("S3", "s3", "S3", "s3");
    public static readonly AwsService Sqs = Regional("SQS", "sqs", "SQS", "sqs");
    public static readonly AwsService Lambda = Regional("Lambda", "lambda", "LAMBDA", "lambda");
    public static readonly AwsService CloudWatch = Regional("CloudWatch", "monitoring", "CLOUDWATCH", "monitoring");

    /// <summary>SimpleDB's us-east-1 endpoint has no region in its name.</summary>
    public static readonly AwsService SimpleDb = new("SimpleDB", "sdb", "SIMPLEDB",
        (region, suffix) => region == "us-east-1" ? $"sdb.{suffix}" : $"sdb.{region}.{suffix}");

    /// <summary>Route 53 is global: one endpoint per partition, signed for that partition's home region.</summary>
    public static readonly AwsService Route53 = new("Route 53", "route53", "ROUTE_53",
        (region, suffix) => region.StartsWith("us-gov-", StringComparison.Ordinal) ? "route53.us-gov.amazonaws.com" : $"route53.{suffix}",
        IsGlobal: true);

    private static AwsService Regional(string name, string signingName, string environmentName, string prefix) =>
        new(name, signingName, environmentName, (region, suffix) => $"{prefix}.{region}.{suffix}");
}
