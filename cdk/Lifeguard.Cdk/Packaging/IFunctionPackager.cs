namespace Lifeguard.Cdk.Packaging;

/// <summary>Turns a function project into the directory Lambda runs.</summary>
public interface IFunctionPackager
{
    /// <summary>The directory Lambda unpacks for <paramref name="projectName"/>: its `bootstrap` and what that ships with.</summary>
    string Package(string projectName);
}
