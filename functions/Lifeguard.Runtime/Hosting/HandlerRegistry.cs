using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Lifeguard.Runtime.Hosting;

/// <summary>
/// The named handlers of one function package. The CDK construct picks one per deployed function by setting
/// <see cref="HandlerVariable"/>; only the chosen handler's factory runs, so one handler's configuration
/// is never required by another, and only its event and result types get JSON metadata (building System.Text.Json
/// metadata is most of a native function's start-up work; a package's other handlers must not pay for theirs).
/// </summary>
public sealed class HandlerRegistry
{
    public const string HandlerVariable = "LIFEGUARD_HANDLER";

    private readonly Dictionary<string, Func<HostServices, RegisteredHandler>> _factories = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _factories.Keys;

    /// <param name="json">The source-generated context that serializes <typeparamref name="TEvent"/> and <typeparamref name="TResult"/>.</param>
    public HandlerRegistry Add<TEvent, TResult>(
        string name,
        JsonSerializerContext json,
        Func<HostServices, LambdaFunction<TEvent, TResult>> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(factory);
        // Without these options a missing or null field deserializes silently into a default, and a wrong-shaped
        // event would reach decision logic that deletes snapshots or moves DNS records.
        if (!json.Options.RespectNullableAnnotations || !json.Options.RespectRequiredConstructorParameters)
        {
            throw new ArgumentException(
                $"The JSON context for {typeof(TEvent).Name} must set RespectNullableAnnotations and RespectRequiredConstructorParameters.",
                nameof(json));
        }

        if (!_factories.TryAdd(name, services => new RegisteredHandler<TEvent, TResult>(name, TypeInfo<TEvent>(json), TypeInfo<TResult>(json), factory(services))))
        {
            throw new ArgumentException($"A handler named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    private static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerContext json) =>
        json.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{json.GetType().Name} does not serialize {typeof(T).Name}; add [JsonSerializable(typeof({typeof(T).Name}))] to it.");

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
