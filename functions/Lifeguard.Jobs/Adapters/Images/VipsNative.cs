using System.Reflection;
using System.Runtime.InteropServices;

namespace Lifeguard.Jobs.Adapters.Images;

/// <summary>
/// libvips 8.18 (with glib) from @img/sharp-libvips-linux-x64, shipped beside the function. Calls into C varargs
/// functions pass only int, pointer and string arguments, each list ended by a null pointer: doubles through varargs
/// are not safe from P/Invoke (the one array of doubles goes through the non-variadic vips_array_double_new).
/// </summary>
internal static unsafe partial class VipsNative
{
    public const string Library = "libvips-cpp.so.8.18.7";

    static VipsNative() => NativeLibrary.SetDllImportResolver(typeof(VipsNative).Assembly, Resolve);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_init(string argv0);

    [LibraryImport(Library)]
    public static partial void vips_cache_set_max(int max);

    [LibraryImport(Library)]
    public static partial void vips_block_untrusted_set(int state);

    [LibraryImport(Library)]
    public static partial nint vips_error_buffer();

    [LibraryImport(Library)]
    public static partial void vips_error_clear();

    [LibraryImport(Library)]
    public static partial void g_object_unref(nint gobject);

    [LibraryImport(Library)]
    public static partial void g_free(nint memory);

    [LibraryImport(Library)]
    public static partial int vips_image_get_width(nint image);

    [LibraryImport(Library)]
    public static partial int vips_image_get_height(nint image);

    [LibraryImport(Library)]
    public static partial int vips_image_get_n_pages(nint image);

    [LibraryImport(Library)]
    public static partial int vips_image_hasalpha(nint image);

    /// <summary>Reads the header only (pixels are decoded lazily): dimensions before any decoding.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint vips_image_new_from_buffer(byte* buffer, nuint length, string optionString, nint end);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_thumbnail_buffer(
        byte* buffer, nuint length, out nint image, int width,
        string heightName, int height, string cropName, int crop, string sizeName, int size,
        string optionStringName, string optionString, nint end);

    /// <summary>True when the EXIF orientation turns the image a quarter (width and height trade places).</summary>
    [LibraryImport(Library)]
    public static partial int vips_image_get_orientation_swap(nint image);

    /// <summary>JPEG decoded at 1/<paramref name="shrink"/> by libjpeg's DCT scaling, read once from top to bottom.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_jpegload_buffer(
        byte* buffer, nuint length, out nint image, string shrinkName, int shrink, string failOnName, int failOn,
        string accessName, int access, nint end);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_thumbnail_image(
        nint image, out nint result, int width, string heightName, int height, string cropName, int crop, string sizeName, int size, nint end);

    [LibraryImport(Library)]
    public static partial int vips_autorot(nint image, out nint result, nint end);

    /// <summary>The interpretation is a named int parameter, not a varargs one.</summary>
    [LibraryImport(Library)]
    public static partial int vips_colourspace(nint image, out nint result, int space, nint end);

    [LibraryImport(Library)]
    public static partial int vips_cast_uchar(nint image, out nint result, nint end);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_extract_band(nint image, out nint result, int band, string countName, int count, nint end);

    /// <summary>The pixels, interleaved, in memory from g_malloc (release with g_free).</summary>
    [LibraryImport(Library)]
    public static partial nint vips_image_write_to_memory(nint image, out nuint size);

    [LibraryImport(Library)]
    public static partial int vips_image_get_bands(nint image);

    [LibraryImport(Library)]
    public static partial nint vips_array_double_new(double* array, int count);

    [LibraryImport(Library)]
    public static partial void vips_area_unref(nint area);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_flatten(nint image, out nint result, string backgroundName, nint background, nint end);

    /// <summary>Every saver below takes three int options by name.</summary>
    [LibraryImport(Library, EntryPoint = "vips_jpegsave_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_jpegsave_buffer(nint image, out nint buffer, out nuint length, string n1, int v1, string n2, int v2, string n3, int v3, nint end);

    [LibraryImport(Library, EntryPoint = "vips_pngsave_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_pngsave_buffer(nint image, out nint buffer, out nuint length, string n1, int v1, string n2, int v2, string n3, int v3, nint end);

    [LibraryImport(Library, EntryPoint = "vips_webpsave_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_webpsave_buffer(nint image, out nint buffer, out nuint length, string n1, int v1, string n2, int v2, string n3, int v3, nint end);

    [LibraryImport(Library, EntryPoint = "vips_heifsave_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_heifsave_buffer(nint image, out nint buffer, out nuint length, string n1, int v1, string n2, int v2, string n3, int v3, nint end);

    /// <summary>libvips' last error, cleared; "" when it said nothing.</summary>
    public static string TakeError()
    {
        var text = Marshal.PtrToStringUTF8(vips_error_buffer()) ?? string.Empty;
        vips_error_clear();
        return text.Trim().ReplaceLineEndings(" ");
    }

    /// <summary>The library beside the assembly (the function package, or a test's output folder).</summary>
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Library ? NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, Library)) : 0;
}
