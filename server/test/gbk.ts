import { TextDecoder } from 'node:util';

/** Text in GBK (GB18030's two-byte part), by asking the decoder what each byte pair reads as. */
let gbkTable: Map<string, number[]> | undefined;
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const d = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const c = d.decode(Uint8Array.from([lead, trail]));
        if (!gbkTable.has(c)) gbkTable.set(c, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const c of text) {
    if (c.charCodeAt(0) < 0x80) bytes.push(c.charCodeAt(0));
    else bytes.push(...gbkTable.get(c)!);
  }
  return Buffer.from(bytes);
}
