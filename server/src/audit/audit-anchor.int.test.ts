import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../test/factories';
import { setupTestApp } from '../../test/harness';
import { ANCHOR_FILE, appendAnchor, auditHead, checkAnchors, readAnchors } from './audit.anchor';
import { verifyAuditChain } from './audit.service';

const ctx = await setupTestApp();
await buildNetwork(ctx);
const dataDir = ctx.deps.env.DATA_DIR;

describe('audit chain anchors', () => {
  it('keeps the signed head outside the database and finds a chain whose newest entries were cut off', async () => {
    const head = await auditHead(ctx.db, ctx.deps.secret, ctx.deps.clock());
    expect(head).not.toBeNull();
    expect(appendAnchor(dataDir, head!)).toBe(true);
    // the same head is not written twice
    expect(appendAnchor(dataDir, (await auditHead(ctx.db, ctx.deps.secret, ctx.deps.clock()))!)).toBe(false);
    expect(readAnchors(dataDir)).toHaveLength(1);
    expect(await checkAnchors(ctx.db, ctx.deps.secret, readAnchors(dataDir))).toEqual({ ok: true, anchors: 1 });

    // Cut the newest entry off the end: the chain alone still verifies; the anchor does not.
    await ctx.db.execute(sql`delete from audit_events where id = ${head!.id}`);
    expect(await verifyAuditChain(ctx.db, ctx.deps.secret)).toMatchObject({ ok: true });
    const check = await checkAnchors(ctx.db, ctx.deps.secret, readAnchors(dataDir));
    expect(check.ok).toBe(false);
    expect(check).toMatchObject({ reason: expect.stringContaining(`event ${head!.id}`) });
  });

  it('refuses an anchor not signed by this server, and an unreadable anchor line', async () => {
    const head = (await auditHead(ctx.db, ctx.deps.secret, ctx.deps.clock()))!;
    expect(await checkAnchors(ctx.db, ctx.deps.secret, [{ ...head, hash: 'f'.repeat(64) }])).toMatchObject({ ok: false, reason: expect.stringContaining('not signed') });
    expect(await checkAnchors(ctx.db, 'another-secret-0123456789', [head])).toMatchObject({ ok: false });
    fs.appendFileSync(path.resolve(dataDir, ANCHOR_FILE), 'not json\n');
    expect(await checkAnchors(ctx.db, ctx.deps.secret, readAnchors(dataDir).slice(-1))).toMatchObject({ ok: false, reason: expect.stringContaining('unreadable') });
  });
});
