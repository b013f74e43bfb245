import type ExcelJS from "exceljs";

/** Scores and averages: two decimals, shown with the reader's decimal comma (83,33), stored as numbers. */
export const SCORE_FORMAT = "#,##0.00";

/**
 * Prints on A4 landscape, fitted to the page width (as many pages down as needed), with the
 * header row repeated on every page: what an office expects when it prints an export.
 */
export function setPrintLayout(sheet: ExcelJS.Worksheet, headerRow: number) {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9, // A4
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
    horizontalCentered: true,
    margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { ...sheet.headerFooter, oddFooter: "Trang &P/&N" };
}

/** A workbook as a download that no shared cache keeps. */
export function xlsxResponse(buffer: ArrayBuffer | Buffer, filename: string) {
  return new Response(buffer as BodyInit, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
