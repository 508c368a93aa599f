namespace Lifeguard.Aws.Route53;

public enum ChangeAction
{
    Create,
    Delete,
    Upsert,
}
