import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { SearchRow } from './patents.repository';

export interface ExportRow extends Pick<SearchRow, 'publicationNumber' | 'applicationNumber' | 'title' | 'applicants' | 'ipc' | 'publicationDate' | 'abstract'> {
  category?: string | null;
  note?: string;
}

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

/** Patent results as .xlsx; with notes, the chosen results' relevance category and note. */
export function resultsWorkbook(rows: ExportRow[], opts: { sheet: string; withNotes?: boolean }): Promise<Buffer> {
  const columns: SheetColumn<ExportRow>[] = [
    { header: '序号', width: 6, value: (_, i) => i + 1 },
    { header: '公开(公告)号', width: 18, value: (r) => r.publicationNumber ?? '' },
    { header: '申请号', width: 18, value: (r) => r.applicationNumber ?? '' },
    { header: '名称', width: 40, value: (r) => r.title },
    { header: '申请(专利权)人', width: 30, value: (r) => r.applicants.join('; ') },
    { header: '分类号', width: 24, value: (r) => r.ipc.join('; ') },
    { header: '公开(公告)日', width: 12, value: (r) => r.publicationDate ?? '' },
    ...(opts.withNotes
      ? [
          { header: '相关性类别', width: 10, value: (r: ExportRow) => r.category ?? '' },
          { header: '相关性说明', width: 40, value: (r: ExportRow) => r.note ?? '' },
        ]
      : []),
    { header: '摘要', width: 80, value: (r) => r.abstract ?? '' },
  ];
  return sheetWorkbook(opts.sheet, columns, rows);
}
