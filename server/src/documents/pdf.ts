import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
/**
 * A whole CJK TrueType font shipped inside an npm package (Noto Sans SC, SIL OFL), so PDFs embed
 * their glyphs on any machine without system fonts. pdfkit subsets it to the characters used.
 */
const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

export type Pdf = InstanceType<typeof PDFDocument>;

export function renderPdf(meta: { title: string; author?: string }, build: (doc: Pdf) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: meta.title, Author: meta.author ?? 'ipstation' } });
    doc.registerFont('body', FONT);
    doc.registerFont('bold', FONT_BOLD);
    doc.font('body');
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      build(doc);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}

/** A heading, then label: value lines, the layout every notice shares. */
export function fields(doc: Pdf, rows: [string, string | null | undefined][]) {
  for (const [label, value] of rows) {
    doc.font('bold').fontSize(11).text(`${label}：`, { continued: true }).font('body').text(value ?? '—');
    doc.moveDown(0.3);
  }
}
