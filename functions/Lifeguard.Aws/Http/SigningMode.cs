namespace Lifeguard.Aws.Http;

public enum SigningMode
{
    /// <summary>SigV4 in the Authorization header, path normalized and encoded again.</summary>
    SigV4,

    /// <summary>SigV4 as S3 wants it: path as sent, x-amz-content-sha256 signed.</summary>
    SigV4S3,

    /// <summary>SigV2 parameters in the form body (SimpleDB).</summary>
    SigV2,
}
