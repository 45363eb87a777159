import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Logger } from 'pino';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
 * gets an apostrophe in front, so an export never runs anything (lib/csv.ts does the same for CSV).
 */
export function safeCell(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A workbook streamed straight into a response body: rows are written as they are read. */
export function xlsxStream(log: Pick<Logger, 'error'>, build: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>): ReadableStream {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  (async () => {
    await build(wb);
    await wb.commit();
  })().catch((err: unknown) => {
    log.error({ err }, 'spreadsheet export failed');
    out.destroy(err as Error);
  });
  return Readable.toWeb(out) as ReadableStream;
}

export function attachmentName(filename: string) {
  return `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
