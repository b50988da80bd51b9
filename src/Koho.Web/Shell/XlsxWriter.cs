using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Koho.Web.Shell;

/// <summary>One-sheet .xlsx of text cells (the register, incident statistics) for the council and auditors.</summary>
public static class XlsxWriter
{
    public static byte[] Write(string sheetName, IEnumerable<IEnumerable<string>> rows)
    {
        using var stream = new MemoryStream();
        using (var book = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = book.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var cells in rows)
            {
                var row = new Row();
                foreach (var value in cells)
                    row.Append(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Csv.Printable(value)) { Space = SpaceProcessingModeValues.Preserve }) });
                data.Append(row);
            }
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1U, Name = sheetName }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }
}
