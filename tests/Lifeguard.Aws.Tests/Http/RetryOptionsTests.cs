using Lifeguard.Aws.Http;

namespace Lifeguard.Aws.Tests.Http;

public sealed class RetryOptionsTests
{
    [Theory]
    [InlineData(1, 1.0, 200)]
    [InlineData(3, 1.0, 800)]
    [InlineData(3, 0.5, 400)]
    [InlineData(3, 0.0, 0)]
    [InlineData(20, 1.0, 20_000)]
    [InlineData(1000, 1.0, 20_000)]
    public void Backoff_Attempt_IsFullJitterUnderTheCappedExponential(int attempt, double sample, double expectedMs)
    {
        var delay = new RetryOptions().Backoff(attempt, sample);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, precision: 6);
    }
}
