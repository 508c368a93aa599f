namespace Lifeguard.Jobs.Adapters.Pdf;

/// <summary>An image on a page: a JPEG passed through as it is, or decoded pixels.</summary>
internal sealed record PdfImage(byte[]? Jpeg, Images.RawImage? Raw);
