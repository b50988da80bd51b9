using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Koho.Web.Accounts.Documents;

/// <summary>
/// An <see cref="AccountDocument"/> as a Word document: A4 portrait, Japanese fonts (明朝 for text, ゴシック for
/// headings, with Noto CJK as the fallback LibreOffice finds on Linux), a title, a subtitle and numbered sections.
/// </summary>
public static class DocxWriter
{
    public static byte[] Write(AccountDocument document)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph(document.Title, bold: true, size: 32, gothic: true, centered: true));
            body.Append(Paragraph(document.Subtitle, size: 22, centered: true));
            body.Append(Paragraph(""));
            foreach (var (heading, text) in document.Sections)
            {
                body.Append(Paragraph(heading, bold: true, size: 24, gothic: true, spaceBefore: 240));
                foreach (var line in text.Split('\n')) body.Append(Paragraph(line, size: 21));
            }
            body.Append(Paragraph(""));
            body.Append(Paragraph(document.Basis, size: 18));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },                         // A4 in twentieths of a point
                new PageMargin { Top = 1701, Bottom = 1701, Left = 1701U, Right = 1701U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text, bool bold = false, int size = 21, bool gothic = false, bool centered = false, int spaceBefore = 0)
    {
        var font = gothic ? "Noto Sans CJK JP" : "Noto Serif CJK JP";
        var runProperties = new RunProperties(
            new RunFonts { Ascii = font, HighAnsi = font, EastAsia = gothic ? "ＭＳ ゴシック" : "ＭＳ 明朝", ComplexScript = font },
            new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new Languages { EastAsia = "ja-JP" });
        if (bold) runProperties.Append(new Bold());
        var properties = new ParagraphProperties(new SpacingBetweenLines { Before = spaceBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), After = "60" });
        if (centered) properties.Append(new Justification { Val = JustificationValues.Center });
        return new Paragraph(properties, new Run(runProperties, new Text(Shell.Csv.Printable(text)) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
