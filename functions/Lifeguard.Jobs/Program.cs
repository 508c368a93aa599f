using Lifeguard.Jobs;
using Lifeguard.Runtime.Hosting;

return await LambdaHost.RunAsync(args, JobsComposition.Register);
