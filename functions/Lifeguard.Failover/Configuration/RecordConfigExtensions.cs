using Lifeguard.Aws.Route53;

namespace Lifeguard.Failover.Configuration;

public static class RecordConfigExtensions
{
    extension(RecordConfig record)
    {
        /// <summary>The TXT record beside it that holds the checker's state between invocations.</summary>
        public string StateName => record.Beside("_lifeguard");
    }
}
