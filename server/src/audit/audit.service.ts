import { createHmac } from 'node:crypto';
import type { Db, DbOrTx } from '../db/client';
import { canonicalJson } from '../lib/canonical-json';
import { sha256 } from '../lib/crypto';
import { auditEventSchema, type AuditEventInput } from './audit.events';
import * as repo from './audit.repository';

export interface AuditContext {
  actorId: string | null;
  requestId?: string | null;
  now: Date;
}

function chainHash(prevHash: string, e: { at: Date; actorId: string | null; type: string; recordType: string | null; recordId: string | null; organizationId: string | null; data: unknown }) {
  return sha256(
    prevHash +
      canonicalJson({
        at: e.at.toISOString(),
        actorId: e.actorId,
        type: e.type,
        recordType: e.recordType,
        recordId: e.recordId,
        organizationId: e.organizationId,
        data: e.data,
      }),
  );
}

/**
 * A uuid column hands back lower case whatever case went in (`z.uuid()` accepts both), so the hash
 * is computed over the stored form; otherwise verification would fail for an honest entry.
 */
const uuidAsStored = (id: string | null) => (id === null ? null : id.toLowerCase());

/**
 * Appends one event to the hash chain, inside the caller's transaction, so the change and its audit
 * entry commit together. A transaction-scoped advisory lock serialises appends across connections
 * and processes, so the chain never forks.
 */
export async function recordAudit(tx: DbOrTx, ctx: AuditContext, event: AuditEventInput): Promise<number> {
  const parsed = auditEventSchema.parse({ type: event.type, recordType: event.recordType, data: event.data });
  await repo.lockChain(tx);
  const prevHash = await repo.lastHash(tx);
  const row = {
    at: ctx.now,
    actorId: uuidAsStored(ctx.actorId),
    type: parsed.type,
    recordType: parsed.recordType,
    recordId: event.recordId ?? null,
    organizationId: uuidAsStored(event.organizationId ?? null),
    data: parsed.data,
  };
  const hash = chainHash(prevHash, row);
  return repo.insertEvent(tx, { ...row, requestId: ctx.requestId ?? null, prevHash, hash });
}

const signCheckpoint = (secret: string, purgedThroughId: number, lastHash: string) =>
  createHmac('sha256', secret).update(`${purgedThroughId}:${lastHash}`).digest('hex');

export type VerifyResult = { ok: true; checked: number } | { ok: false; checked: number; brokenId: number | null; reason: string };

/** Walks the chain from the last signed checkpoint (or the start) and recomputes every hash. */
export async function verifyAuditChain(db: Db, secret: string): Promise<VerifyResult> {
  const cp = await repo.latestCheckpoint(db);
  let prev = repo.GENESIS;
  let afterId = 0;
  if (cp) {
    if (signCheckpoint(secret, cp.purgedThroughId, cp.lastHash) !== cp.signature) {
      return { ok: false, checked: 0, brokenId: null, reason: `checkpoint ${cp.id} has a bad signature` };
    }
    prev = cp.lastHash;
    afterId = cp.purgedThroughId;
  }
  let checked = 0;
  for (;;) {
    const batch = await repo.eventsAfter(db, afterId, 2000);
    if (batch.length === 0) break;
    for (const e of batch) {
      if (e.prevHash !== prev) return { ok: false, checked, brokenId: e.id, reason: 'previous hash does not match' };
      if (chainHash(prev, e) !== e.hash) return { ok: false, checked, brokenId: e.id, reason: 'content does not match its hash' };
      prev = e.hash;
      afterId = e.id;
      checked++;
    }
  }
  return { ok: true, checked };
}

/**
 * Retention: deletes events older than the cutoff and leaves a signed checkpoint holding the last
 * purged hash, so verification still starts from a trusted point. Audited itself.
 */
export async function purgeAudit(db: Db, opts: { secret: string; retentionDays: number; now: Date; actorId?: string | null }) {
  const cutoff = new Date(opts.now.getTime() - opts.retentionDays * 86_400_000);
  return db.transaction(async (tx) => {
    await repo.lockChain(tx);
    const purged = await repo.purgeBefore(tx, cutoff);
    if (!purged) return { purgedCount: 0 };
    await repo.insertCheckpoint(tx, {
      purgedThroughId: purged.purgedThroughId,
      purgedCount: purged.purgedCount,
      lastHash: purged.lastHash,
      signature: signCheckpoint(opts.secret, purged.purgedThroughId, purged.lastHash),
    });
    await recordAudit(tx, { actorId: opts.actorId ?? null, now: opts.now }, {
      type: 'audit.purged',
      recordType: 'audit',
      data: { purgedThroughId: purged.purgedThroughId, purgedCount: purged.purgedCount, retentionDays: opts.retentionDays },
    });
    return { purgedCount: purged.purgedCount };
  });
}
