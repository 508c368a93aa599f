using Lifeguard.Promotion;
using Lifeguard.Runtime.Hosting;

return await LambdaHost.RunAsync(args, PromotionComposition.Register);
