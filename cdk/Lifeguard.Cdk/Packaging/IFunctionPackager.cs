namespace Lifeguard.Cdk.Packaging;

/// <summary>Turns a function project into the directory Lambda runs.</summary>
public interface IFunctionPackager
{
    /// <summary>The directory holding the published function <paramref name="projectName"/>.</summary>
    string Package(string projectName);
}
