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
// same server, in this one run, so the ratio is what matters (moto's own cost dominates round trips). EC2 and S3 go
// through the AWS SDK configured as the functions configure it (SdkClientConfig); SNS, Secrets Manager and Route 53
// through Lifeguard.Aws's own clients.
// The two sides take turns: each operation runs in --rounds slices, ours then boto3's (one Python process kept for the
// whole run), after both sides were warmed up with --warmup calls. On a shared machine the load changes from one minute
// to the next; measured in two blocks minutes apart, the same call's ratio swung from 0.5 to 1.9 between runs. Warmed
// up by more than one call because the .NET side runs JIT-compiled here (the functions run Native AOT): its first
// hundred SDK calls cost several times the CPU of later ones while the tiered compiler recompiles the SDK's pipeline.
// With --latencies, also each call's latency (min, median, p90, max) on both sides, and the connections ours opened
// (moto's server closes every connection after one answer, so both sides connect once per call).
// usage: Lifeguard.Bench.Aws [--calls N] [--signatures N] [--rounds N] [--warmup N] [--latencies]
var calls = 200;
var signatures = 20_000;
var rounds = 5;
var warmup = 50;
var latencies = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--calls" when i + 1 < args.Length: calls = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--signatures" when i + 1 < args.Length: signatures = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds" when i + 1 < args.Length: rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--warmup" when i + 1 < args.Length: warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--latencies": latencies = true; break;
    }
}

rounds = Math.Clamp(rounds, 1, calls);
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
var signingCredentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const string Signing = "SigV4 sign (no I/O)";
var operations = new (string Name, Func<Task> Ours, string Boto3)[]
{
    (Signing, () =>
        {
            var request = new SigningRequest("POST", "/", string.Empty,
                [new("Host", "ec2.us-east-1.amazonaws.com"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                SigV4Signer.HashHex("Action=DescribeVolumes&Version=2016-11-15"u8));
            SigV4Signer.Sign(request, signingCredentials, new SigningOptions("us-east-1", "ec2", TimeProvider.System.GetUtcNow()));
            return Task.CompletedTask;
        },
        "sign()"),
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

// boto3 in one Python process for the whole run: told on stdin to make an operation's call n times, it answers with
// each call's latency. The same loop on both sides: a call, timed, n times.
var boto3Script = new StringBuilder("""
    import boto3, json, sys, time
    import botocore.auth, botocore.awsrequest, botocore.credentials
    c = lambda n: boto3.client(n, region_name="us-east-1")
    ec2, sns, s3, sm, r53 = c("ec2"), c("sns"), c("s3"), c("secretsmanager"), c("route53")
    payload = b"\0" * 4096
    credentials = botocore.credentials.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    def sign():
        request = botocore.awsrequest.AWSRequest(method="POST", url="https://ec2.us-east-1.amazonaws.com/", data="Action=DescribeVolumes&Version=2016-11-15", headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        botocore.auth.SigV4Auth(credentials, "ec2", "us-east-1").add_auth(request)
    operations = []

    """);
foreach (var operation in operations)
{
    boto3Script.Append(CultureInfo.InvariantCulture, $"operations.append(lambda: {operation.Boto3})\n");
}

boto3Script.Append("""
    for line in sys.stdin:
        index, n = map(int, line.split())
        call = operations[index]
        each = []
        for _ in range(n):
            start = time.perf_counter()
            call()
            each.append(time.perf_counter() - start)
        print(json.dumps(each), flush=True)
    """);
var start = new ProcessStartInfo("python3", ["-c", boto3Script.ToString()])
{
    RedirectStandardInput = true,
    RedirectStandardOutput = true,
    UseShellExecute = false,
};
foreach (var (key, value) in environment)
{
    start.Environment[key] = value;
}

using var boto3 = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
try
{
    using var connections = new ConnectionCounter();
    var results = new List<(string Name, int Count, double[] Ours, double[] Theirs, int Connections)>();
    for (var index = 0; index < operations.Length; index++)
    {
        var (name, ours, _) = operations[index];
        var count = name == Signing ? signatures : calls;
        var warm = name == Signing ? Math.Min(count, 1_000) : warmup;
        await Ours(ours, warm);
        await Boto3(index, warm);
        var mine = new List<double>(count);
        var theirs = new List<double>(count);
        var opened = connections.Opened;
        for (var round = 0; round < rounds; round++)
        {
            var slice = (count * (round + 1) / rounds) - (count * round / rounds);
            mine.AddRange(await Ours(ours, slice));
            theirs.AddRange(await Boto3(index, slice));
        }

        results.Add((name, count, [.. mine], [.. theirs], connections.Opened - opened));
    }

    Console.WriteLine($"Requests per second against moto_server ({calls} calls per operation; {signatures} signatures; the two sides in turn, {rounds} rounds), Lifeguard (AWS SDK or our own client) beside boto3:");
    Console.WriteLine($"  {"operation",-38} {"Lifeguard",10} {"boto3",10} {"ratio",7}");
    var ratios = new List<double>();
    foreach (var (name, _, mine, theirs, _) in results)
    {
        var (ourRate, theirRate) = (mine.Length / mine.Sum(), theirs.Length / theirs.Sum());
        ratios.Add(ourRate / theirRate);
        Console.WriteLine($"  {name,-38} {ourRate,10:0} {theirRate,10:0} {ourRate / theirRate,7:0.00}");
    }

    Console.WriteLine($"  geometric mean of the ratios: {Math.Exp(ratios.Average(Math.Log)):0.00}");
    if (latencies)
    {
        Console.WriteLine("Latency per call in ms (min / median / p90 / max), Lifeguard | boto3; connections Lifeguard opened per call:");
        foreach (var (name, count, mine, theirs, opened) in results.Where(r => r.Name != Signing))
        {
            Console.WriteLine($"  {name,-38} {Summary(mine)}  | {Summary(theirs)}  {(double)opened / count,5:0.00}");
        }
    }
}
finally
{
    boto3.StandardInput.Close();
    if (!boto3.WaitForExit(TimeSpan.FromSeconds(10)))
    {
        boto3.Kill(entireProcessTree: true);
    }
}

return 0;

// Each call's time in seconds.
static async Task<double[]> Ours(Func<Task> call, int n)
{
    var each = new double[n];
    for (var i = 0; i < n; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await call();
        each[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    return each;
}

async Task<double[]> Boto3(int index, int n)
{
    await boto3.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{index} {n}"));
    await boto3.StandardInput.FlushAsync();
    var line = await boto3.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("boto3's process ended early.");
    return JsonSerializer.Deserialize(line, BenchJsonContext.Default.DoubleArray)!;
}

static string Summary(double[] seconds)
{
    var sorted = seconds.Order().ToArray();
    double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000;
    return string.Create(CultureInfo.InvariantCulture, $"{sorted[0] * 1000,6:0.0} {At(0.5),6:0.0} {At(0.9),6:0.0} {sorted[^1] * 1000,6:0.0}");
}
