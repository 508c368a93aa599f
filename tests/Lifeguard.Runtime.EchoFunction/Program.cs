using Lifeguard.Runtime.EchoFunction;
using Lifeguard.Runtime.Hosting;

return await LambdaHost.RunAsync(args, EchoHandler.Register);
