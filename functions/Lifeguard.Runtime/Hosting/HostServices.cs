using Microsoft.Extensions.Logging;

namespace Lifeguard.Runtime.Hosting;

/// <summary>What a handler factory may use while the function initialises.</summary>
public sealed record HostServices(IHostEnvironment Environment, ILogger Logger, TimeProvider Time);
