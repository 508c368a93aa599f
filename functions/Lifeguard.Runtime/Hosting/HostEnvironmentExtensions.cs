using System.Globalization;

namespace Lifeguard.Runtime.Hosting;

public static class HostEnvironmentExtensions
{
    /// <summary>A number setting: <paramref name="fallback"/> when unset; an error naming the variable when it is not a number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static double GetNumber(this IHostEnvironment environment, string name, double fallback, double minimum, double maximum)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var text = environment.GetVariable(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{name}='{text}' must be a number from {minimum} to {maximum}."));
    }
}
