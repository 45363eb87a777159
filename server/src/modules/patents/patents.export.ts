import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { SearchRow } from './patents.repository';

export interface ExportRow extends Pick<SearchRow, 'publicationNumber' | 'applicationNumber' | 'title' | 'applicants' | 'ipc' | 'publicationDate' | 'abstract'> {
  category?: string | null;
  note?: string;
}

/**
 * Results as .xlsx, written row by row with the streaming writer. Cells are text: a title that
 * starts with = stays text in a spreadsheet.
 */
export async function resultsWorkbook(rows: ExportRow[], opts: { sheet: string; withNotes?: boolean }): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(opts.sheet);
  ws.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '公开(公告)号', key: 'pn', width: 18 },
    { header: '申请号', key: 'an', width: 18 },
    { header: '名称', key: 'title', width: 40 },
    { header: '申请(专利权)人', key: 'ap', width: 30 },
    { header: '分类号', key: 'ipc', width: 24 },
    { header: '公开(公告)日', key: 'pd', width: 12 },
    ...(opts.withNotes ? [{ header: '相关性类别', key: 'cat', width: 10 }, { header: '相关性说明', key: 'note', width: 40 }] : []),
    { header: '摘要', key: 'ab', width: 80 },
  ];
  const safe = (s: string | null | undefined) => {
    const v = s ?? '';
    return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  };
  rows.forEach((r, i) => {
    ws.addRow({
      n: i + 1,
      pn: safe(r.publicationNumber),
      an: safe(r.applicationNumber),
      title: safe(r.title),
      ap: safe(r.applicants.join('; ')),
      ipc: safe(r.ipc.join('; ')),
      pd: r.publicationDate ?? '',
      cat: r.category ?? '',
      note: safe(r.note),
      ab: safe(r.abstract),
    }).commit();
  });
  ws.commit();
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}
