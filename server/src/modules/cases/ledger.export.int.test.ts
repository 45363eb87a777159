import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { serviceRecords } from '../../db/schema';
import { buildNetwork } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp();
ctx.clock.set('2025-11-17T02:00:00Z');
const net = await buildNetwork(ctx);

async function exportedNames(cookie: string, query = '') {
  const res = await ctx.app.request(`/api/ledger/export${query}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = wb.getWorksheet('服务台账')!;
  const headers = sheet.getRow(1).values as unknown[];
  return sheet.getColumn(headers.indexOf('服务对象')).values.slice(2) as string[];
}

describe('ledger export past one page', () => {
  it('writes every row once, in list order, when many rows share a delivery time across page boundaries', async () => {
    // 2,500 rows of the first workstation: groups of 7 share a delivery time, so ties straddle the
    // 1,000-row pages the export reads; 30 rows of the second workstation must stay out.
    const base = Date.parse('2025-06-01T02:00:00Z');
    const row = (i: number, workstationId: string) => ({
      workstationId,
      enterpriseName: `台账企业${String(i).padStart(5, '0')}`,
      serviceType: 'consultation',
      channel: 'phone',
      startedAt: new Date(base - 86_400_000),
      deliveredAt: new Date(base + Math.floor(i / 7) * 60_000),
    });
    const mine = Array.from({ length: 2_500 }, (_, i) => row(i, net.ws1.workstation.id));
    for (let i = 0; i < mine.length; i += 500) await ctx.db.insert(serviceRecords).values(mine.slice(i, i + 500));
    await ctx.db.insert(serviceRecords).values(Array.from({ length: 30 }, (_, i) => row(90_000 + i, net.ws2.workstation.id)));

    const names = await exportedNames(net.staff1.cookie!);
    expect(names).toHaveLength(2_500);
    expect(new Set(names).size).toBe(2_500);
    expect(names.some((n) => n.startsWith('台账企业9'))).toBe(false);
    // Latest first: the last group comes first, the first group last.
    expect(Number(names[names.length - 1].slice(4))).toBeLessThan(7);
    expect(names.slice(0, 3).every((n) => Number(n.slice(4)) >= 2_492)).toBe(true);

    // The same rows as the list shows them page by page.
    const listed: string[] = [];
    for (let page = 1; page <= 25; page++) listed.push(...(await net.staff1.get(`/api/ledger?pageSize=100&page=${page}`)).body.items.map((r: { enterpriseName: string }) => r.enterpriseName));
    expect(names).toEqual(listed);

    // Filters still apply to every page.
    expect(await exportedNames(net.staff1.cookie!, '?type=retrieval')).toEqual([]);
  });
});
