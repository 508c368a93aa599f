namespace Lifeguard.TestSupport;

/// <summary>Waiting in a test for something another process does, bounded (30 s), instead of sleeping a guess.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        for (var i = 0; i < 600; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"gave up waiting for {what}");
    }
}
