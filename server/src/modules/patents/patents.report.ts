import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { shanghaiDate } from '../../calendar/working-days';
import type { Citation, KindOps } from './saved-searches.kinds';
import type { SavedSearchRow } from './saved-searches.repository';

const require = createRequire(import.meta.url);
/** Noto Sans SC, embedded (subset) in every report, so it reads the same on any machine. */
const fontDir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
const FONT_REGULAR = path.join(fontDir, '400Regular', 'NotoSansSC_400Regular.ttf');
const FONT_BOLD = path.join(fontDir, '700Bold', 'NotoSansSC_700Bold.ttf');

export interface ReportInput {
  search: SavedSearchRow;
  /** What differs by the records searched (saved-searches.kinds.ts): the title and some headings. */
  kind: KindOps['report'];
  searcher: string;
  date: string;
  cited: { category: string | null; note: string; citation: Citation }[];
}

/** When the search was run: the day (Shanghai time) its query strings were counted, or the first and last. */
export function searchDates(queries: { at: string }[]): string {
  const days = [...new Set(queries.map((q) => shanghaiDate(new Date(q.at))))].sort();
  if (!days.length) return '';
  return days.length === 1 ? days[0] : `${days[0]} 至 ${days[days.length - 1]}`;
}

/** The retrieval report of a saved search as a PDF: 专利检索报告, or 商标检索报告 for trademarks. */
export function renderReport(r: ReportInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${r.kind.title} ${r.search.name}`, Author: r.searcher, Creator: 'ipstation' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const width = doc.page.width - 112;

  doc.font('bold').fontSize(18).text(r.kind.title, { align: 'center' });
  doc.moveDown(0.3).font('regular').fontSize(10).fillColor('#555').text(r.search.name, { align: 'center' }).fillColor('#000');
  doc.moveDown(1);

  const heading = (text: string) => {
    doc.moveDown(0.6).font('bold').fontSize(12).text(text);
    doc.moveDown(0.2).font('regular').fontSize(10.5);
  };
  const field = (label: string, value: string) => {
    doc.font('bold').fontSize(10.5).text(`${label}：`, { continued: true }).font('regular').text(value || '—');
  };

  field('报告日期', r.date);
  field('检索日期', searchDates(r.search.queries));
  field('检索人', r.searcher);
  field('审核人', r.search.reviewer);
  heading('一、检索目的');
  doc.text(r.search.purpose || '—');
  heading(`二、${r.kind.subject}`);
  doc.text(r.search.technicalSolution || '—');
  heading('三、检索数据库');
  doc.text(r.search.databases.join('；') || '—');
  heading('四、检索要素');
  if (r.search.searchElements.length) r.search.searchElements.forEach((e, i) => doc.text(`${i + 1}. ${e}`));
  else doc.text('—');

  if (r.search.niceClass) field('国际分类', `第 ${r.search.niceClass} 类`);
  heading('五、检索式及命中数');
  const x0 = doc.page.margins.left;
  for (const [i, q] of r.search.queries.entries()) {
    const y = doc.y;
    doc.font('regular').text(`${i + 1}. ${q.q}`, x0, y, { width: width - 90 });
    const yEnd = doc.y;
    doc.text(`${q.hits} 件`, x0 + width - 80, y, { width: 80, align: 'right' });
    doc.x = x0;
    doc.y = Math.max(yEnd, doc.y);
    doc.fontSize(9).fillColor('#555').text(`命中数统计于 ${shanghaiDate(new Date(q.at))}`, x0, doc.y, { width: width - 90 }).fillColor('#000').fontSize(10.5);
  }
  if (!r.search.queries.length) doc.text('—');

  heading(`六、${r.kind.cited}`);
  if (!r.cited.length) doc.text('—');
  for (const [i, c] of r.cited.entries()) {
    doc.font('bold').text(`${i + 1}. ${c.citation.heading}`, x0, doc.y, { width });
    doc.font('regular');
    doc.fillColor('#333').text(c.citation.facts.join('    '), { width }).fillColor('#000');
    if (c.category) doc.text(`${r.kind.category}：${r.kind.categories[c.category] ?? c.category}`, { width });
    doc.text(`相关性说明：${c.note || '—'}`, { width });
    doc.moveDown(0.4);
  }

  heading('七、检索结论');
  doc.text(r.search.conclusion || '—');

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor('#777').text(`知保站 ipstation · ${r.kind.title} · 第 ${i + 1} / ${range.count} 页`, 56, doc.page.height - 36, { width, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
