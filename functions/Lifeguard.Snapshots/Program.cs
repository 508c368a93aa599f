using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots;

return await LambdaHost.RunAsync(args, SnapshotsComposition.Register);
