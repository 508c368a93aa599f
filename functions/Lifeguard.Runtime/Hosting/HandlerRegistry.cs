using System.Text.Json.Serialization.Metadata;

namespace Lifeguard.Runtime.Hosting;

/// <summary>
/// The named handlers of one function package. The CDK construct picks one per deployed function by setting
/// <see cref="HandlerVariable"/>; only the chosen handler's factory runs, so one handler's configuration
/// is never required by another.
/// </summary>
public sealed class HandlerRegistry
{
    public const string HandlerVariable = "LIFEGUARD_HANDLER";

    private readonly Dictionary<string, Func<HostServices, RegisteredHandler>> _factories = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _factories.Keys;

    public HandlerRegistry Add<TEvent, TResult>(
        string name,
        JsonTypeInfo<TEvent> eventType,
        JsonTypeInfo<TResult> resultType,
        Func<HostServices, LambdaFunction<TEvent, TResult>> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(resultType);
        ArgumentNullException.ThrowIfNull(factory);
        // Without these options a missing or null field deserializes silently into a default, and a wrong-shaped
        // event would reach decision logic that deletes snapshots or moves DNS records.
        if (!eventType.Options.RespectNullableAnnotations || !eventType.Options.RespectRequiredConstructorParameters)
        {
            throw new ArgumentException(
                $"The JSON context for {typeof(TEvent).Name} must set RespectNullableAnnotations and RespectRequiredConstructorParameters.",
                nameof(eventType));
        }

        if (!_factories.TryAdd(name, services => new RegisteredHandler<TEvent, TResult>(name, eventType, resultType, factory(services))))
        {
            throw new ArgumentException($"A handler named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>Creates the handler called <paramref name="name"/>, or the only one when no name is given.</summary>
    internal RegisteredHandler Create(string? name, HostServices services)
    {
        if (name is null)
        {
            return _factories.Count == 1
                ? _factories.Values.Single()(services)
                : throw new InvalidOperationException(
                    $"{HandlerVariable} is not set; this package has several handlers: {string.Join(", ", _factories.Keys)}.");
        }

        return _factories.TryGetValue(name, out var factory)
            ? factory(services)
            : throw new InvalidOperationException(
                $"{HandlerVariable}='{name}' names no handler; this package has: {string.Join(", ", _factories.Keys)}.");
    }
}
