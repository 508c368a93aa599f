using System.Buffers.Binary;

namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>
/// The parts of a TrueType font a PDF needs: the character map, advance widths, vertical metrics, and a subset of the
/// font that keeps only the glyphs a document uses. The subset keeps every glyph id (unused glyphs become empty), so
/// the PDF can address glyphs by their original ids (CIDToGIDMap Identity).
/// </summary>
public sealed class TrueTypeFont
{
    private readonly byte[] _data;
    private readonly Dictionary<string, (int Offset, int Length)> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<int, ushort> _cmap = [];
    private readonly ushort[] _advances;

    public TrueTypeFont(string postScriptName, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        PostScriptName = postScriptName;
        _data = data;
        var count = U16(4);
        for (var i = 0; i < count; i++)
        {
            var record = 12 + (16 * i);
            _tables[System.Text.Encoding.ASCII.GetString(data, record, 4)] = ((int)U32(record + 8), (int)U32(record + 12));
        }

        var head = Table("head");
        UnitsPerEm = U16(head + 18);
        BoundingBox = (S16(head + 36), S16(head + 38), S16(head + 40), S16(head + 42));
        var hhea = Table("hhea");
        Ascent = S16(hhea + 4);
        Descent = S16(hhea + 6);
        GlyphCount = U16(Table("maxp") + 4);
        var metrics = U16(hhea + 34);
        var hmtx = Table("hmtx");
        _advances = new ushort[GlyphCount];
        for (var g = 0; g < GlyphCount; g++)
        {
            _advances[g] = U16(hmtx + (4 * Math.Min(g, metrics - 1)));
        }

        ReadCmap();
    }

    public string PostScriptName { get; }

    public int UnitsPerEm { get; }

    public int Ascent { get; }

    public int Descent { get; }

    public int GlyphCount { get; }

    public (int XMin, int YMin, int XMax, int YMax) BoundingBox { get; }

    /// <summary>The glyph for a Unicode code point; 0 (.notdef) when the font has none.</summary>
    public ushort Glyph(int codePoint) => _cmap.TryGetValue(codePoint, out var glyph) ? glyph : (ushort)0;

    /// <summary>Advance width in font units.</summary>
    public int Advance(ushort glyph) => glyph < _advances.Length ? _advances[glyph] : 0;

    /// <summary>Width of <paramref name="text"/> at <paramref name="size"/> points.</summary>
    public double Width(string text, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        var units = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            units += Advance(Glyph(rune.Value));
        }

        return units * size / UnitsPerEm;
    }

    /// <summary>The font with only <paramref name="used"/> glyphs (and the components of composite ones) left in it.</summary>
    public byte[] Subset(IEnumerable<ushort> used)
    {
        ArgumentNullException.ThrowIfNull(used);
        var keep = new HashSet<ushort>(used) { 0 };
        var glyf = Table("glyf");
        var offsets = GlyphOffsets();
        var pending = new Stack<ushort>(keep);
        while (pending.Count > 0)
        {
            var glyph = pending.Pop();
            foreach (var component in Components(glyf + offsets[glyph], offsets[glyph + 1] - offsets[glyph]))
            {
                if (keep.Add(component))
                {
                    pending.Push(component);
                }
            }
        }

        using var newGlyf = new MemoryStream();
        var newLoca = new byte[(GlyphCount + 1) * 4];
        for (var g = 0; g < GlyphCount; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(g * 4), (uint)newGlyf.Length);
            if (keep.Contains((ushort)g))
            {
                newGlyf.Write(_data, glyf + offsets[g], offsets[g + 1] - offsets[g]);
                while (newGlyf.Length % 4 != 0)
                {
                    newGlyf.WriteByte(0);
                }
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(GlyphCount * 4), (uint)newGlyf.Length);
        var head = _data.AsSpan(Table("head"), _tables["head"].Length).ToArray();
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca offsets
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, recomputed below
        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["glyf"] = newGlyf.ToArray(),
            ["head"] = head,
            ["loca"] = newLoca,
        };
        foreach (var name in new[] { "hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep" })
        {
            if (_tables.TryGetValue(name, out var table))
            {
                tables[name] = _data.AsSpan(table.Offset, table.Length).ToArray();
            }
        }

        return Assemble(tables);
    }

    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        var searchRange = (1 << entrySelector) * 16;
        using var output = new MemoryStream();
        var header = new byte[12 + (16 * count)];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)((count * 16) - searchRange));
        var offset = header.Length;
        var index = 0;
        var headOffset = 0;
        foreach (var (name, data) in tables)
        {
            var record = 12 + (16 * index++);
            System.Text.Encoding.ASCII.GetBytes(name, header.AsSpan(record));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(record + 4), Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(record + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(record + 12), (uint)data.Length);
            if (name == "head")
            {
                headOffset = offset;
            }

            offset += (data.Length + 3) & ~3;
        }

        output.Write(header);
        foreach (var data in tables.Values)
        {
            output.Write(data);
            output.Write(new byte[((data.Length + 3) & ~3) - data.Length]);
        }

        var font = output.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(headOffset + 8), 0xB1B0AFBA - Checksum(font));
        return font;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < data.Length; i += 4)
        {
            word.Clear();
            data.Slice(i, Math.Min(4, data.Length - i)).CopyTo(word);
            sum += BinaryPrimitives.ReadUInt32BigEndian(word);
        }

        return sum;
    }

    /// <summary>The glyphs a composite glyph is made of (none for a simple one).</summary>
    private List<ushort> Components(int offset, int length)
    {
        var components = new List<ushort>();
        if (length == 0 || S16(offset) >= 0)
        {
            return components;
        }

        var p = offset + 10;
        while (true)
        {
            var flags = U16(p);
            components.Add(U16(p + 2));
            p += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
            p += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0;
            if ((flags & 0x0020) == 0)
            {
                return components;
            }
        }
    }

    private int[] GlyphOffsets()
    {
        var loca = Table("loca");
        var longOffsets = S16(Table("head") + 50) == 1;
        var offsets = new int[GlyphCount + 1];
        for (var g = 0; g <= GlyphCount; g++)
        {
            offsets[g] = longOffsets ? (int)U32(loca + (4 * g)) : U16(loca + (2 * g)) * 2;
        }

        return offsets;
    }

    private void ReadCmap()
    {
        var cmap = Table("cmap");
        var count = U16(cmap + 2);
        int? format4 = null, format12 = null;
        for (var i = 0; i < count; i++)
        {
            var (platform, encoding, offset) = (U16(cmap + 4 + (8 * i)), U16(cmap + 6 + (8 * i)), (int)U32(cmap + 8 + (8 * i)));
            var format = U16(cmap + offset);
            if (platform == 3 && encoding == 10 && format == 12)
            {
                format12 = cmap + offset;
            }
            else if (platform == 3 && encoding == 1 && format == 4)
            {
                format4 = cmap + offset;
            }
        }

        if (format12 is { } f12)
        {
            var groups = (int)U32(f12 + 12);
            for (var i = 0; i < groups; i++)
            {
                var (start, end, glyph) = (U32(f12 + 16 + (12 * i)), U32(f12 + 20 + (12 * i)), U32(f12 + 24 + (12 * i)));
                for (var c = start; c <= end; c++)
                {
                    _cmap[(int)c] = (ushort)(glyph + c - start);
                }
            }
        }
        else if (format4 is { } f4)
        {
            var segments = U16(f4 + 6) / 2;
            var ends = f4 + 14;
            var starts = ends + (2 * segments) + 2;
            var deltas = starts + (2 * segments);
            var rangeOffsets = deltas + (2 * segments);
            for (var s = 0; s < segments; s++)
            {
                var (start, end, delta, rangeOffset) = (U16(starts + (2 * s)), U16(ends + (2 * s)), S16(deltas + (2 * s)), U16(rangeOffsets + (2 * s)));
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    var glyph = rangeOffset == 0
                        ? (ushort)((c + delta) & 0xFFFF)
                        : U16(rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start))) is var g && g != 0 ? (ushort)((g + delta) & 0xFFFF) : (ushort)0;
                    if (glyph != 0)
                    {
                        _cmap[c] = glyph;
                    }
                }
            }
        }
        else
        {
            throw new InvalidDataException($"{PostScriptName}: no Unicode character map (cmap 3/1 or 3/10).");
        }
    }

    private int Table(string name) => _tables.TryGetValue(name, out var table) ? table.Offset : throw new InvalidDataException($"{PostScriptName}: no '{name}' table.");

    private ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(offset));

    private short S16(int offset) => BinaryPrimitives.ReadInt16BigEndian(_data.AsSpan(offset));

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(offset));
}
