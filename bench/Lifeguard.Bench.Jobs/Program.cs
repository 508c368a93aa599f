using System.Diagnostics;
using System.Globalization;
using Lifeguard.Jobs.Adapters.Images;
using Lifeguard.Jobs.Domain;
using Lifeguard.TestSupport;

// Thumbnails per second on the same images (made here by ImageMagick), one thumbnail 320 px wide as JPEG quality 80
// each, sequentially: ours (libvips 8.18 through NetVips, in process), node sharp 0.35.5 (the same libvips, in process),
// Debian's vipsthumbnail and ImageMagick's convert (a process per image, as they are used from a shell). The ratio is
// against sharp. Also the size of the published worker package.
// usage: Lifeguard.Bench.Jobs [--images 12] [--rounds 5]
var settings = new Dictionary<string, int> { ["images"] = 12, ["rounds"] = 5 };
for (var i = 0; i + 1 < args.Length; i += 2)
{
    settings[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
}

var count = settings["images"];
var rounds = settings["rounds"];
var directory = Directory.CreateTempSubdirectory("lifeguard-bench-jobs-").FullName;
try
{
    Console.WriteLine($"Making {count} test images (3000 x 2000 JPEG, ImageMagick)...");
    var paths = Enumerable.Range(0, count).Select(i => Path.Combine(directory, $"image{i}.jpg")).ToList();
    Parallel.ForEach(paths, path => Run("convert", ["-size", "3000x2000", "plasma:fractal", "-quality", "90", path]));
    var sources = paths.Select(File.ReadAllBytes).ToList();
    var total = count * rounds;

    var processor = new VipsImageProcessor(100_000_000);
    ImageOutputSpec[] spec = [new() { Name = "t", Width = 320, Format = "jpeg", Quality = 80 }];
    // Jobs per second of every source, round after round, after one warm-up job (library load, JIT).
    var cpuPerJob = 0.0;
    double JobsPerSecond(ImageOutputSpec[] outputs)
    {
        processor.Thumbnails(sources[0], outputs);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var source in sources)
            {
                processor.Thumbnails(source, outputs);
            }
        }

        cpuPerJob = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / total;
        return total / watch.Elapsed.TotalSeconds;
    }

    var ours = JobsPerSecond(spec);

    var script = Path.Combine(directory, "sharp-bench.js");
    await File.WriteAllTextAsync(script, """
        const sharp = require("sharp");
        const fs = require("fs");
        const [rounds, ...files] = process.argv.slice(2);
        const sources = files.map(f => fs.readFileSync(f));
        (async () => {
          await sharp(sources[0]).resize(320).jpeg({ quality: 80 }).toBuffer();
          const start = process.hrtime.bigint();
          for (let r = 0; r < Number(rounds); r++)
            for (const s of sources) await sharp(s).resize(320).jpeg({ quality: 80 }).toBuffer();
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          console.log((Number(rounds) * sources.length / seconds).toFixed(3));
        })();
        """);
    var sharpRate = double.Parse(Run("node", [script, rounds.ToString(CultureInfo.InvariantCulture), .. paths], ("NODE_PATH", Path.Combine(RepositoryPaths.Root, "node_modules"))).Trim(), CultureInfo.InvariantCulture);

    double PerProcess(string tool, Func<string, string, string[]> arguments)
    {
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var path in paths)
            {
                Run(tool, arguments(path, Path.Combine(directory, "out-" + Path.GetFileName(path))));
            }
        }

        return total / watch.Elapsed.TotalSeconds;
    }

    // A job with three outputs of one source (large, medium, a square crop): ours decodes once at the shrink the
    // largest allows; sharp runs one pipeline, so one decode, per output.
    ImageOutputSpec[] three =
    [
        new() { Name = "large", Width = 1024, Format = "jpeg", Quality = 80 },
        new() { Name = "medium", Width = 320, Format = "jpeg", Quality = 80 },
        new() { Name = "square", Width = 160, Height = 160, Fit = "cover", Format = "jpeg", Quality = 80 },
    ];
    var oursThree = JobsPerSecond(three);
    var oursThreeCpu = cpuPerJob;
    var threeScript = Path.Combine(directory, "sharp-three.js");
    await File.WriteAllTextAsync(threeScript, """
        const sharp = require("sharp");
        const fs = require("fs");
        const [rounds, ...files] = process.argv.slice(2);
        const sources = files.map(f => fs.readFileSync(f));
        const job = async s => Promise.all([
          sharp(s).resize(1024).jpeg({ quality: 80 }).toBuffer(),
          sharp(s).resize(320).jpeg({ quality: 80 }).toBuffer(),
          sharp(s).resize(160, 160, { fit: "cover" }).jpeg({ quality: 80 }).toBuffer(),
        ]);
        (async () => {
          await job(sources[0]);
          const start = process.hrtime.bigint();
          const cpu = process.cpuUsage();
          for (let r = 0; r < Number(rounds); r++)
            for (const s of sources) await job(s);
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          const used = process.cpuUsage(cpu);
          const jobs = Number(rounds) * sources.length;
          console.log((jobs / seconds).toFixed(3) + " " + sharp.concurrency() + " " + ((used.user + used.system) / 1000 / jobs).toFixed(1));
        })();
        """);
    var sharpThree = Run("node", [threeScript, rounds.ToString(CultureInfo.InvariantCulture), .. paths], ("NODE_PATH", Path.Combine(RepositoryPaths.Root, "node_modules"))).Trim().Split(' ');
    var sharpThreeRate = double.Parse(sharpThree[0], CultureInfo.InvariantCulture);

    var vipsthumbnail = PerProcess("vipsthumbnail", (input, output) => [input, "-s", "320x", "-o", output + "[Q=80,strip]"]);
    var convert = PerProcess("convert", (input, output) => [input, "-thumbnail", "320x", "-quality", "80", output]);

    Console.WriteLine($"{total} thumbnails (320 px wide, JPEG q80) of {count} images 3000 x 2000, one after another");
    Console.WriteLine($"{"engine",-42} {"thumbnails/s",13} {"x sharp",8}");
    foreach (var (name, rate) in new[]
    {
        ($"ours: libvips {processor.Version} by NetVips", ours),
        ("sharp 0.35.5 (node, libvips 8.18.7)", sharpRate),
        ("vipsthumbnail 8.14 (Debian, per process)", vipsthumbnail),
        ("ImageMagick convert (per process)", convert),
    })
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42} {rate,13:0.0} {rate / sharpRate,8:0.00}"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"three-output jobs (1024 w, 320 w, 160 x 160 cover), jobs/s: ours {oursThree:0.00}, sharp {sharpThreeRate:0.00} (libvips threads: sharp {sharpThree[1]}, ours {NetVips.NetVips.Concurrency}): {oursThree / sharpThreeRate:0.00} x sharp"));
    // CPU time is what a 1769 MB Lambda function (one vCPU) has to spend: there, running pipelines side by side gains nothing.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"three-output jobs, CPU time per job: ours {oursThreeCpu:0.0} ms, sharp {sharpThree[2]} ms: {double.Parse(sharpThree[2], CultureInfo.InvariantCulture) / oursThreeCpu:0.00} x less"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set after the thumbnails: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB"));

    // 500 warm three-output jobs: the working set after 50 and after 500 (MALLOC_ARENA_MAX as the function sets it
    // when the bench is run by make bench).
    long Working()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    long after50 = 0;
    for (var job = 1; job <= 500; job++)
    {
        processor.Thumbnails(sources[job % sources.Count], three);
        if (job == 50)
        {
            after50 = Working();
        }
    }

    var after500 = Working();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"500 warm jobs: working set {after50 / 1048576.0:0} MiB after 50, {after500 / 1048576.0:0} MiB after 500 ({after500 / (double)after50:0.00} x; MALLOC_ARENA_MAX={Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "unset"})"));

    // PDF renders of the example flyer (events/jobs/flyer-template.json): a 3000 x 2000 JPEG passed through, a PNG
    // re-encoded by libvips, four fonts subset and embedded.
    var template = System.Text.Json.JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "jobs", "flyer-template.json")), Lifeguard.Jobs.JobsJsonContext.Default.PdfTemplate)!;
    Run("convert", ["-size", "300x300", "radial-gradient:orange-none", Path.Combine(directory, "logo.png")]);
    var pictures = new Dictionary<string, byte[]> { ["entries/42.jpg"] = sources[0], ["entries/logo.png"] = File.ReadAllBytes(Path.Combine(directory, "logo.png")) };
    var renderer = new Lifeguard.Jobs.Adapters.Pdf.PdfRenderer(new Lifeguard.Jobs.Adapters.Pdf.FontCatalog("/usr/share/fonts/truetype/dejavu"), processor);
    Task<byte[]> Read(string? bucket, string key, CancellationToken token) => Task.FromResult(pictures[key]);
    // Renders per second after one warm-up render, and the size of that render.
    async Task<(double PerSecond, int Bytes)> Renders(Lifeguard.Jobs.Domain.PdfTemplate pdf, int count)
    {
        var bytes = (await renderer.RenderAsync(pdf, Read, CancellationToken.None)).Length;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await renderer.RenderAsync(pdf, Read, CancellationToken.None);
        }

        return (count / clock.Elapsed.TotalSeconds, bytes);
    }

    var (flyerRate, size) = await Renders(template, rounds * 10);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PDF renders of the example flyer: {flyerRate:0.0}/s ({size / 1024.0:0} KiB each); peak working set now {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB"));

    // A 20-page print document: the print example (events/jobs/print-template.json: bleed, crop marks, CMYK inks,
    // styled runs, a headline shrunk to fit, images with cover and contain, a link) on every page.
    var print = System.Text.Json.JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "jobs", "print-template.json")), Lifeguard.Jobs.JobsJsonContext.Default.PdfTemplate)!;
    print = print with { Pages = [.. Enumerable.Repeat(print.Pages[0], 20)] };
    var (printRate, printSize) = await Renders(print, rounds * 3);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PDF renders of a 20-page print document with bleed: {printRate:0.0}/s ({printSize / 1024.0:0} KiB each)"));

    // The largest source the pixel limit lets through (100 MP, as a PNG: no shrink on load), as a thumbnail and as a
    // PDF picture (decoded whole, then Flate-compressed): what the function's memory size must hold.
    var big = Path.Combine(directory, "big.png");
    Run("vips", ["black", big, "10000", "10000", "--bands", "3"]);
    pictures["entries/logo.png"] = File.ReadAllBytes(big);
    processor.Thumbnails(pictures["entries/logo.png"], spec);
    var afterThumbnail = Process.GetCurrentProcess().PeakWorkingSet64;
    await renderer.RenderAsync(template, Read, CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"a source at the pixel limit (10000 x 10000 PNG): peak working set {afterThumbnail / 1048576.0:0} MiB after its thumbnail, {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB after a PDF with it"));
    PackageSize();
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static void PackageSize()
{
    var publish = Path.Combine(RepositoryPaths.Root, ".artifacts", "lambda", "Lifeguard.Jobs");
    if (!Directory.Exists(publish))
    {
        Console.WriteLine("package size: not published yet (npx aws-cdk synth publishes it to .artifacts/lambda/Lifeguard.Jobs)");
        return;
    }

    var files = Directory.GetFiles(publish, "*", SearchOption.AllDirectories);
    var bytes = files.Sum(f => new FileInfo(f).Length);
    var zip = Path.Combine(Path.GetTempPath(), $"lifeguard-jobs-{Guid.NewGuid():N}.zip");
    System.IO.Compression.ZipFile.CreateFromDirectory(publish, zip, System.IO.Compression.CompressionLevel.Optimal, includeBaseDirectory: false);
    var zipped = new FileInfo(zip).Length;
    File.Delete(zip);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"package: {bytes / 1048576.0:0.0} MiB in {files.Length} files, {zipped / 1048576.0:0.0} MiB zipped (libvips is {new FileInfo(Path.Combine(publish, "libvips.so.42")).Length / 1048576.0:0.0} MiB of it)"));
}

static string Run(string tool, IEnumerable<string> arguments, params (string Name, string Value)[] environment) =>
    ExternalTool.Run(tool, arguments, TimeSpan.FromMinutes(10), environment);
