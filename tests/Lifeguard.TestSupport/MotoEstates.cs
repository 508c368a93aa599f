namespace Lifeguard.TestSupport;

/// <summary>Small AWS estates that several test classes start from, built through boto3.</summary>
public static class MotoEstates
{
    /// <summary>Two running instances and an Elastic IP associated with the first (the LB1/LB2 pair).</summary>
    public static async Task<(string AllocationId, string First, string Second)> ElasticIpOnFirstOfTwoAsync(this MotoFixture moto)
    {
        ArgumentNullException.ThrowIfNull(moto);
        var setup = await moto.Boto3Async("""
            ec2 = client("ec2")
            i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=2, MaxCount=2)["Instances"]
            a = ec2.allocate_address(Domain="vpc")["AllocationId"]
            ec2.associate_address(AllocationId=a, InstanceId=i[0]["InstanceId"])
            out({"allocation": a, "first": i[0]["InstanceId"], "second": i[1]["InstanceId"]})
            """).ConfigureAwait(false);
        return (setup.GetProperty("allocation").GetString()!, setup.GetProperty("first").GetString()!, setup.GetProperty("second").GetString()!);
    }
}
