import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { SearchRow } from './patents.repository';

export type ExportRow = Pick<SearchRow, 'publicationNumber' | 'applicationNumber' | 'title' | 'applicants' | 'ipc' | 'publicationDate' | 'abstract'>;

/** A column of an exported sheet: its header, the row's field it shows, its width in characters. */
export interface SheetColumn<R> {
  header: string;
  width: number;
  value: (row: R, index: number) => string | number;
}

/** Text a spreadsheet would take for a formula (=, +, -, @, a tab or a return first) is kept as text. */
const safe = (v: string | number) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * Rows as one sheet of an .xlsx workbook, written row by row with the streaming writer. Cells are
 * text or numbers: a title that starts with = stays text in a spreadsheet.
 */
export async function sheetWorkbook<R>(sheet: string, columns: SheetColumn<R>[], rows: R[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(sheet);
  ws.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
  rows.forEach((r, n) => {
    ws.addRow(Object.fromEntries(columns.map((c, i) => [`c${i}`, safe(c.value(r, n))]))).commit();
  });
  ws.commit();
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}

/** A kind of record's columns in a sheet: header, width and the key of its value (`sheetValues`), the long text last. */
export interface RecordSheet {
  columns: { header: string; width: number; key: string }[];
  long: { header: string; key: string };
}

export const PATENT_SHEET: RecordSheet = {
  columns: [
    { header: '公开(公告)号', width: 18, key: 'publicationNumber' },
    { header: '申请号', width: 18, key: 'applicationNumber' },
    { header: '名称', width: 40, key: 'title' },
    { header: '申请(专利权)人', width: 30, key: 'applicants' },
    { header: '分类号', width: 24, key: 'ipc' },
    { header: '公开(公告)日', width: 12, key: 'publicationDate' },
  ],
  long: { header: '摘要', key: 'abstract' },
};

export const patentSheetValues = (p: ExportRow): Record<string, string> => ({
  publicationNumber: p.publicationNumber ?? '',
  applicationNumber: p.applicationNumber ?? '',
  title: p.title,
  applicants: p.applicants.join('; '),
  ipc: p.ipc.join('; '),
  publicationDate: p.publicationDate ?? '',
  abstract: p.abstract ?? '',
});

/**
 * Records as one numbered sheet: 序号, the kind's columns, `extra` columns (a saved search's
 * category and note), the long text last.
 */
export function recordsWorkbook<R>(name: string, sheet: RecordSheet, rows: R[], valuesOf: (r: R) => Record<string, string>, extra: SheetColumn<R>[] = []): Promise<Buffer> {
  const values = rows.map(valuesOf);
  const columns: SheetColumn<R>[] = [
    { header: '序号', width: 6, value: (_, i) => i + 1 },
    ...sheet.columns.map((c) => ({ header: c.header, width: c.width, value: (_: R, i: number) => values[i][c.key] ?? '' })),
    ...extra,
    { header: sheet.long.header, width: 80, value: (_: R, i: number) => values[i][sheet.long.key] ?? '' },
  ];
  return sheetWorkbook(name, columns, rows);
}
