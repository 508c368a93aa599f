using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Lifeguard.Aws;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Route53;
using Lifeguard.Aws.Sdk;
using Lifeguard.Aws.SecretsManager;
using Lifeguard.Aws.Signing;
using Lifeguard.Aws.Sns;
using Lifeguard.TestSupport;

// Requests per second, Lifeguard's AWS calls beside boto3, against one moto_server started here: the same calls, the
// same server, one after the other in this one run, so the ratio is what matters (moto's own cost dominates round
// trips). EC2 and S3 go through the AWS SDK configured as the functions configure it (SdkClientConfig); SNS, Secrets
// Manager and Route 53 through Lifeguard.Aws's own clients.
// usage: Lifeguard.Bench.Aws [--calls N] [--signatures N]
var calls = 200;
var signatures = 20_000;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--calls": calls = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--signatures": signatures = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
    }
}

await using var moto = new MotoServer();
await moto.InitializeAsync();
var environment = moto.AwsEnvironment();
using var http = new HttpClient();
var configuration = new AwsConfiguration
{
    Region = "us-east-1",
    Credentials = new BasicAWSCredentials(environment["AWS_ACCESS_KEY_ID"], environment["AWS_SECRET_ACCESS_KEY"]),
    Http = http,
    Environment = name => environment.GetValueOrDefault(name),
};

// Setup through boto3, so both sides read the same things.
var setup = JsonDocument.Parse(await Python.RunAsync("""
    import boto3, json
    c = lambda n: boto3.client(n, region_name="us-east-1")
    ec2, sns, s3, sm, r53 = c("ec2"), c("sns"), c("s3"), c("secretsmanager"), c("route53")
    v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "true"}]}])["VolumeId"]
    topic = sns.create_topic(Name="bench")["TopicArn"]
    s3.create_bucket(Bucket="bench")
    s3.put_object(Bucket="bench", Key="in/object.bin", Body=b"x" * 4096)
    sm.create_secret(Name="bench/db", SecretString="{}")
    zone = r53.create_hosted_zone(Name="example.com", CallerReference="bench")["HostedZone"]["Id"]
    print(json.dumps({"volume": v, "topic": topic, "zone": zone}))
    """, environment)).RootElement;
var volume = setup.GetProperty("volume").GetString()!;
var topic = setup.GetProperty("topic").GetString()!;
var zone = setup.GetProperty("zone").GetString()!;

using var ec2 = new AmazonEC2Client(configuration.Credentials, configuration.For<AmazonEC2Config>(AwsService.Ec2));
var sns = new SnsClient(configuration);
var s3Config = configuration.For<AmazonS3Config>(AwsService.S3);
s3Config.ForcePathStyle = true;
using var s3 = new AmazonS3Client(configuration.Credentials, s3Config);
var secrets = new SecretsManagerClient(configuration);
var route53 = new Route53Client(configuration);
var payload = new byte[4096];
var operations = new (string Name, Func<Task> Ours, string Boto3)[]
{
    ("EC2 DescribeVolumes (SDK)", () => ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("tag-key", ["lifeguard:backup"])] }, default),
        """ec2.describe_volumes(Filters=[{"Name": "tag-key", "Values": ["lifeguard:backup"]}])"""),
    ("EC2 CreateTags (SDK)", () => ec2.CreateTagsAsync(new CreateTagsRequest([volume], [new Tag("bench", "1")]), default),
        $$"""ec2.create_tags(Resources=["{{volume}}"], Tags=[{"Key": "bench", "Value": "1"}])"""),
    ("SNS Publish (ours)", () => sns.PublishAsync(new PublishRequest(topic, "hello") { Subject = "bench" }, default),
        $$"""sns.publish(TopicArn="{{topic}}", Message="hello", Subject="bench")"""),
    ("S3 PutObject (SDK)", () => s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "bench", Key = "out/object.bin", InputStream = new MemoryStream(payload) }, default),
        """s3.put_object(Bucket="bench", Key="out/object.bin", Body=payload)"""),
    ("S3 GetObject (SDK)", async () => { using var o = await s3.GetObjectAsync("bench", "in/object.bin", default); await o.ResponseStream.CopyToAsync(Stream.Null); },
        """s3.get_object(Bucket="bench", Key="in/object.bin")["Body"].read()"""),
    ("Secrets Manager GetSecretValue (ours)", () => secrets.GetSecretValueAsync("bench/db", default),
        """sm.get_secret_value(SecretId="bench/db")"""),
    ("Route 53 ListResourceRecordSets (ours)", async () => await route53.ListResourceRecordSetsAsync(zone, null, null, default).ToListAsync(),
        $$"""list(r53.get_paginator("list_resource_record_sets").paginate(HostedZoneId="{{zone}}"))"""),
};

// Warm both sides up (JIT, connection pools, moto's lazy imports).
foreach (var operation in operations)
{
    await operation.Ours();
}

var boto3Script = new StringBuilder($$"""
    import boto3, json, time
    import botocore.auth, botocore.awsrequest, botocore.credentials
    c = lambda n: boto3.client(n, region_name="us-east-1")
    ec2, sns, s3, sm, r53 = c("ec2"), c("sns"), c("s3"), c("secretsmanager"), c("route53")
    payload = b"\0" * 4096
    results = {}
    def bench(name, call, n):
        call()
        start = time.perf_counter()
        for _ in range(n):
            call()
        results[name] = n / (time.perf_counter() - start)
    credentials = botocore.credentials.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    def sign():
        request = botocore.awsrequest.AWSRequest(method="POST", url="https://ec2.us-east-1.amazonaws.com/", data="Action=DescribeVolumes&Version=2016-11-15", headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        botocore.auth.SigV4Auth(credentials, "ec2", "us-east-1").add_auth(request)
    bench("SigV4 sign (no I/O)", sign, {{signatures}})

    """);
foreach (var operation in operations)
{
    boto3Script.Append(CultureInfo.InvariantCulture, $"bench({JsonSerializer.Serialize(operation.Name, BenchJsonContext.Default.String)}, lambda: {operation.Boto3}, {calls})\n");
}

boto3Script.Append("print(json.dumps(results))\n");
var boto3 = JsonDocument.Parse(await Python.RunAsync(boto3Script.ToString(), environment)).RootElement;

var ours = new Dictionary<string, double>
{
    ["SigV4 sign (no I/O)"] = Measure(signatures, () =>
    {
        var request = new SigningRequest("POST", "/", string.Empty,
            [new("Host", "ec2.us-east-1.amazonaws.com"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            SigV4Signer.HashHex("Action=DescribeVolumes&Version=2016-11-15"u8));
        SigV4Signer.Sign(request, new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), new SigningOptions("us-east-1", "ec2", TimeProvider.System.GetUtcNow()));
    }),
};
foreach (var operation in operations)
{
    var clock = Stopwatch.StartNew();
    for (var n = 0; n < calls; n++)
    {
        await operation.Ours();
    }

    ours[operation.Name] = calls / clock.Elapsed.TotalSeconds;
}

Console.WriteLine($"Requests per second against moto_server ({calls} calls per operation; {signatures} signatures), Lifeguard (AWS SDK or our own client) beside boto3:");
Console.WriteLine($"  {"operation",-34} {"Lifeguard",10} {"boto3",10} {"ratio",7}");
var ratios = new List<double>();
foreach (var (name, rate) in ours)
{
    var theirs = boto3.GetProperty(name).GetDouble();
    ratios.Add(rate / theirs);
    Console.WriteLine($"  {name,-34} {rate,10:0} {theirs,10:0} {rate / theirs,7:0.00}");
}

Console.WriteLine($"  geometric mean of the ratios: {Math.Exp(ratios.Average(Math.Log)):0.00}");
return 0;

static double Measure(int n, Action action)
{
    action();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        action();
    }

    return n / clock.Elapsed.TotalSeconds;
}
