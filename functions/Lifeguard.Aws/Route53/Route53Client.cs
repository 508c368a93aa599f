using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;
using Lifeguard.Aws.Endpoints;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Protocols;
using Lifeguard.Aws.Signing;

namespace Lifeguard.Aws.Route53;

/// <summary>Route 53 over rest-xml (API version 2013-04-01).</summary>
public sealed class Route53Client(AwsConfiguration configuration) : IRoute53Client
{
    private static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";
    private readonly AwsTransport _transport = new(configuration, AwsService.Route53);

    public async IAsyncEnumerable<ResourceRecordSet> ListResourceRecordSetsAsync(
        string hostedZoneId, string? startName, string? startType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? name = startName, type = startType, identifier = null;
        for (var page = 0; page < 100_000; page++)
        {
            var query = new List<string>();
            if (identifier is not null)
            {
                query.Add($"identifier={AwsUri.Encode(identifier)}");
            }

            if (name is not null)
            {
                query.Add($"name={AwsUri.Encode(name)}");
            }

            if (type is not null)
            {
                query.Add($"type={AwsUri.Encode(type)}");
            }

            using var response = await _transport.SendAsync(new AwsRequest
            {
                Operation = "ListResourceRecordSets",
                Method = HttpMethod.Get,
                Path = $"/2013-04-01/hostedzone/{ZoneId(hostedZoneId)}/rrset",
                Query = string.Join('&', query),
            }, cancellationToken).ConfigureAwait(false);
            var root = Xml.Parse(response.Body);
            foreach (var set in root.Child("ResourceRecordSets")?.Children("ResourceRecordSet") ?? [])
            {
                yield return ReadRecordSet(set);
            }

            if (root.BooleanValue("IsTruncated") != true)
            {
                yield break;
            }

            (name, type, identifier) = (root.Text("NextRecordName"), root.Text("NextRecordType"), root.Text("NextRecordIdentifier"));
        }
    }

    public async Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var batch = new XElement(Ns + "ChangeBatch");
        if (comment is not null)
        {
            batch.Add(new XElement(Ns + "Comment", comment));
        }

        batch.Add(new XElement(Ns + "Changes", changes.Select(c => new XElement(Ns + "Change",
            new XElement(Ns + "Action", c.Action.ToString().ToUpperInvariant()),
            WriteRecordSet(c.RecordSet)))));
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement(Ns + "ChangeResourceRecordSetsRequest", batch));
        using var response = await _transport.SendAsync(new AwsRequest
        {
            Operation = "ChangeResourceRecordSets",
            Path = $"/2013-04-01/hostedzone/{ZoneId(hostedZoneId)}/rrset/",
            Body = Encoding.UTF8.GetBytes(document.Declaration + document.ToString(SaveOptions.DisableFormatting)),
            ContentType = "application/xml",
            Idempotency = Idempotency.NotIdempotent,
        }, cancellationToken).ConfigureAwait(false);
        return ReadChangeInfo(Xml.Parse(response.Body));
    }

    public async Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changeId);
        using var response = await _transport.SendAsync(new AwsRequest
        {
            Operation = "GetChange",
            Method = HttpMethod.Get,
            Path = $"/2013-04-01/change/{changeId[(changeId.LastIndexOf('/') + 1)..]}",
        }, cancellationToken).ConfigureAwait(false);
        return ReadChangeInfo(Xml.Parse(response.Body));
    }

    /// <summary>Zone ids come as `Z123` or `/hostedzone/Z123`.</summary>
    private static string ZoneId(string hostedZoneId) => hostedZoneId[(hostedZoneId.LastIndexOf('/') + 1)..];

    private static ChangeInfo ReadChangeInfo(XElement root)
    {
        var info = root.Child("ChangeInfo") ?? throw new FormatException("no ChangeInfo in the answer");
        return new ChangeInfo(info.RequiredText("Id"), info.RequiredText("Status"), info.TimeValue("SubmittedAt"));
    }

    private static ResourceRecordSet ReadRecordSet(XElement set)
    {
        var alias = set.Child("AliasTarget");
        return new ResourceRecordSet(
            set.RequiredText("Name"),
            set.RequiredText("Type"),
            set.Int64Value("TTL"),
            [.. set.Child("ResourceRecords")?.Children("ResourceRecord").Select(r => r.RequiredText("Value")) ?? []])
        {
            SetIdentifier = set.Text("SetIdentifier"),
            AliasTarget = alias is null ? null : new AliasTarget(alias.RequiredText("HostedZoneId"), alias.RequiredText("DNSName"), alias.BooleanValue("EvaluateTargetHealth") ?? false),
        };
    }

    private static XElement WriteRecordSet(ResourceRecordSet set)
    {
        var element = new XElement(Ns + "ResourceRecordSet", new XElement(Ns + "Name", set.Name), new XElement(Ns + "Type", set.Type));
        if (set.SetIdentifier is not null)
        {
            element.Add(new XElement(Ns + "SetIdentifier", set.SetIdentifier));
        }

        if (set.AliasTarget is { } alias)
        {
            element.Add(new XElement(Ns + "AliasTarget",
                new XElement(Ns + "HostedZoneId", alias.HostedZoneId),
                new XElement(Ns + "DNSName", alias.DnsName),
                new XElement(Ns + "EvaluateTargetHealth", alias.EvaluateTargetHealth ? "true" : "false")));
            return element;
        }

        if (set.Ttl is { } ttl)
        {
            element.Add(new XElement(Ns + "TTL", ttl.ToString(CultureInfo.InvariantCulture)));
        }

        element.Add(new XElement(Ns + "ResourceRecords", set.Values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v)))));
        return element;
    }
}
