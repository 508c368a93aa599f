namespace Lifeguard.Runtime.Hosting;

/// <summary>A typed handler: the event in, the result out, cancelled a safety margin before the deadline.</summary>
public delegate Task<TResult> LambdaFunction<in TEvent, TResult>(TEvent input, InvocationContext context, CancellationToken cancellationToken);
