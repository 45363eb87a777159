import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { columnIndex, decodeText, openSheet, SheetError, type SheetRow } from './sheet-reader';

/** A ZIP with deflated entries (stored when `store` names them). */
function zipOf(files: Record<string, string | Buffer>, store: string[] = []): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const method = store.includes(name) ? 0 : 8;
    const body = method === 8 ? zlib.deflateRawSync(data) : data;
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(zlib.crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n, body);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(zlib.crc32(data), 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, n);
    offset += 30 + n.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

const workbook = (sheetXml: string, extra: Record<string, string | Buffer> = {}) =>
  zipOf({
    '[Content_Types].xml': '<Types/>',
    'xl/workbook.xml': '<workbook xmlns:r="r"><sheets><sheet name="说明" sheetId="2" r:id="rId2"/><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<Relationships><Relationship Target="/xl/worksheets/sheet9.xml" Id="rId2"/><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet9.xml': `<worksheet><sheetData>${sheetXml}</sheetData></worksheet>`,
    'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>',
    ...extra,
  });

async function rowsOf(data: Buffer, name = 'x.xlsx') {
  const out: SheetRow[] = [];
  for await (const r of openSheet(data, name).rows()) out.push(r);
  return out;
}
const texts = (rows: SheetRow[]) => rows.map((r) => [r.row, Array.from(r.cells, (c) => (c ? `${c.formula ? 'f:' : ''}${c.text}` : null))]);

describe('xlsx', () => {
  it('reads the first sheet in tab order: shared, rich, inline, typed values; formulas marked', async () => {
    const shared =
      '<sst><si><t>统一社会信用代码</t></si><si><r><rPr><b/></rPr><t>深圳</t></r><r><t xml:space="preserve"> 甲&amp;乙</t></r><rPh><t>シンセン</t></rPh></si><si><t>a_x000D_b</t></si></sst>';
    const sheet =
      '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>' +
      '<row r="4"><c r="A4"><v>1.38E+10</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="inlineStr"><is><t>&lt;x&gt;&#x4E2D;</t></is></c></row>' +
      '<row r="5"/>' +
      '<row r="6"><c r="A6"><f>SUM(A1:A4)</f><v>3</v></c><c r="B6"><f t="shared" si="0"/><v>1</v></c><c r="D6" t="s"><v>2</v></c></row>' +
      '<row><c t="str"><v>no refs</v></c><c><v>440305</v></c></row>';
    const rows = await rowsOf(workbook(sheet, { 'xl/sharedStrings.xml': shared }));
    expect(texts(rows)).toEqual([
      [1, ['统一社会信用代码', null, '深圳 甲&乙']],
      [4, ['13800000000', 'TRUE', '<x>中']],
      [6, ['f:=SUM(A1:A4)', 'f:=', null, 'a\rb']],
      [7, ['no refs', '440305']],
    ]);
  });

  it('reads stored (uncompressed) parts and rows split across inflate chunks', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${'名'.repeat(50)}${i}</t></is></c></row>`).join('');
    const rows = await rowsOf(workbook(many));
    expect(rows).toHaveLength(3000);
    expect(rows[2999].cells[0]!.text).toBe(`${'名'.repeat(50)}2999`);
    const stored = await rowsOf(workbook('<row r="1"><c r="B1"><v>7</v></c></row>'));
    expect(texts(stored)).toEqual([[1, [null, '7']]]);
  });

  it('refuses macros, zips that are not workbooks, and damaged files', async () => {
    const fail = async (data: Buffer, name = 'x.xlsx') => {
      try {
        await rowsOf(data, name);
        return 'read';
      } catch (e) {
        return e instanceof SheetError ? e.problem : String(e);
      }
    };
    expect(await fail(workbook('', { 'xl/vbaProject.bin': 'x' }))).toBe('macros');
    expect(await fail(workbook('', { '[Content_Types].xml': '<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>' }))).toBe('macros');
    expect(await fail(zipOf({ 'word/document.xml': '<w/>' }))).toBe('not_spreadsheet');
    expect(await fail(zipOf({ 'xl/workbook.bin': 'binary workbook' }))).toBe('not_spreadsheet');
    const good = workbook('<row r="1"><c r="A1"><v>1</v></c></row>');
    expect(await fail(good.subarray(0, good.length - 30))).toBe('corrupt');
    // A deflate stream whose first block has the reserved type.
    const broken = Buffer.from(good);
    broken.fill(0xff, good.indexOf('xl/worksheets/sheet9.xml') + 24, good.indexOf('xl/worksheets/sheet9.xml') + 28);
    expect(await fail(broken)).toBe('corrupt');
  });
});

describe('csv', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes, CRLF, and marks "=" cells as formulas', async () => {
    const rows = await rowsOf(Buffer.from('\uFEFFa,"b,1","say ""hi"""\r\n\r\n"two\nlines",,=1+1\n,,\n  x ,'), 'list.csv');
    expect(texts(rows)).toEqual([
      [1, ['a', 'b,1', 'say "hi"']],
      [3, ['two\nlines', null, 'f:=1+1']],
      [5, ['  x ']],
    ]);
  });

  it('finds tab and semicolon delimiters and decodes GBK and UTF-16', async () => {
    expect(texts(await rowsOf(Buffer.from('代码\t名称\n1\t2'), 'x.txt'))).toEqual([[1, ['代码', '名称']], [2, ['1', '2']]]);
    expect(texts(await rowsOf(Buffer.from('a;b\n1;2'), 'x.csv'))[1]).toEqual([2, ['1', '2']]);
    // 企业,名称 in GBK
    expect(decodeText(Buffer.from([0xc6, 0xf3, 0xd2, 0xb5, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6]))).toBe('企业,名称');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('企业\t名称', 'utf16le')]))).toBe('企业\t名称');
  });

  it('refuses binary content, and text named like a workbook', () => {
    expect(() => openSheet(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'x.csv')).toThrow(SheetError);
    expect(() => openSheet(Buffer.from([0x01, 0x02, 0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46]), 'x.csv')).toThrow(SheetError);
    expect(() => openSheet(Buffer.from('a,b\n1,2'), 'members.xlsx')).toThrow(SheetError);
  });
});

it('columnIndex', () => {
  expect([columnIndex('A'), columnIndex('Z'), columnIndex('AA'), columnIndex('xfd'), columnIndex('aB')]).toEqual([0, 25, 26, 16383, 27]);
});

it('reads a plain <v> the same as a value among other tags (entities, escapes, empty values, prefixes)', async () => {
  const sheet =
    '<row r="1"><c r="A1" t="str"><v>a&amp;b_x000D_c</v></c><c r="B1" t="str"><v></v></c><c r="C1"><v> 1.5E+3 </v></c><c r="D1" t="b"><v>0</v></c></row>' +
    '<row r="2"><c r="A2" t="str"><v xml:space="preserve">a&amp;b_x000D_c</v></c><c r="B2" t="str"><x:v></x:v></c><c r="C2"><v> 1.5E+3 </v><extLst/></c><c r="D2" t="b"><v>0</v> </c></row>' +
    '<row r="3"><c r="a3" t="str"><v>x</v><f>A1</f></c><c r="b3" t="e"><v>#N/A</v></c></row>';
  const rows = await rowsOf(workbook(sheet));
  expect(texts(rows)).toEqual([
    [1, ['a&b\rc', null, '1500', 'FALSE']],
    [2, ['a&b\rc', null, '1500', 'FALSE']],
    [3, ['f:=A1', '#N/A']],
  ]);
});
