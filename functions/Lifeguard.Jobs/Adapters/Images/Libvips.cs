using System.Globalization;
using System.Runtime.InteropServices;
using NetVips;
using Vips = NetVips.NetVips;

namespace Lifeguard.Jobs.Adapters.Images;

/// <summary>
/// libvips is one per process, set up once. NetVips loads libvips.so.42 (from NetVips.Native.linux-x64, beside the
/// executable) and calls vips_init from its module initializer, which keeps a failure to itself: a library that is
/// missing, broken or too old would only surface as a failure of every job. <see cref="Start"/> runs while the
/// function initialises and throws instead, so Lambda gets an init error and the environment is not used.
/// </summary>
internal static class Libvips
{
    /// <summary>The libvips the package ships; an older one (say a system libvips.so.42 found first) lacks options we set.</summary>
    private const int MinimumVersion = (8 << 16) | (18 << 8);

    /// <summary>
    /// Where the right libvips comes from. NetVips looks beside the executable first, then wherever dlopen looks, so
    /// a package without its own copy may pick up the system's libvips.so.42 (Debian's is 8.14).
    /// </summary>
    private const string Remedy = "the package must hold libvips.so.42 from NetVips.Native.linux-x64 beside the executable.";

    // Lazy's default mode caches the exception: every later Start throws the same init error.
    private static readonly Lazy<string> Started = new(StartOnce);

    /// <summary>
    /// Empties libvips' process-wide error buffer. NetVips reads the buffer into its exception and clears it in two
    /// steps, and libvips also leaves text there from operations that went on to succeed: cleared before each job's
    /// first call (under the one-job-at-a-time lock), a failure's message holds only that job's reasons.
    /// </summary>
    public static void ClearErrors() => vips_error_clear();

    // DllImport rather than LibraryImport: a void call with no arguments needs no marshalling, and no unsafe code.
    [DllImport("libvips.so.42")]
    private static extern void vips_error_clear();

    /// <summary>The version loaded, e.g. "8.18.7"; throws when libvips cannot be used.</summary>
    public static string Start() => Started.Value;

    private static string StartOnce()
    {
        if (!ModuleInitializer.VipsInitialized)
        {
            // The error report adds the cause: dlopen's reasons for each path it tried, or vips_init's failure.
            throw new InvalidOperationException($"libvips did not start: {Remedy}", ModuleInitializer.Exception);
        }

        var version = ModuleInitializer.Version ?? 0;
        var text = string.Create(CultureInfo.InvariantCulture, $"{version >> 16}.{(version >> 8) & 0xFF}.{version & 0xFF}");
        if (version < MinimumVersion)
        {
            throw new InvalidOperationException($"libvips {text} was loaded where 8.18 or later is needed: {Remedy}");
        }

        // Every operation runs once per job: a cache would only keep earlier jobs' images and files in memory.
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        // Sources are uploads from anyone: the loaders libvips itself marks as unsafe for untrusted input are refused.
        Vips.BlockUntrusted = true;
        // Worker threads per image as many as the cores the function is given (Lambda scales them with the memory
        // size): .NET's count honours a cgroup CPU quota, glib's (libvips' default) counts every visible core. sharp
        // runs with the same count here (sharp.concurrency() answers 2 on these 2-core machines); memory stays flat
        // across warm jobs through MALLOC_ARENA_MAX=2, which the construct sets (bench: 1.01 x after 500 jobs).
        // VIPS_CONCURRENCY in the function's environment says otherwise.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VIPS_CONCURRENCY")))
        {
            Vips.Concurrency = Environment.ProcessorCount;
        }

        return text;
    }
}
