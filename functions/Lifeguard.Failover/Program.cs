using Lifeguard.Failover;
using Lifeguard.Runtime.Hosting;

return await LambdaHost.RunAsync(args, FailoverComposition.Register);
