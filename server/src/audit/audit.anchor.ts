import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { desc } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { auditEvents } from '../db/schema';
import * as repo from './audit.repository';

/**
 * The audit chain proves that no entry was altered or removed from its middle, but on its own it
 * cannot show that the newest entries were cut off: a shorter chain verifies as well as the full one.
 * An anchor is the chain's head (last id and hash) written outside the database — appended to
 * `DATA_DIR/audit-anchors.jsonl` and to the server log — and signed with the server secret. Verifying
 * against the anchors finds a chain that no longer reaches a head it once had.
 */
export interface AuditAnchor {
  id: number;
  hash: string;
  at: string;
  signature: string;
}

export const ANCHOR_FILE = 'audit-anchors.jsonl';

const sign = (secret: string, a: { id: number; hash: string; at: string }) => createHmac('sha256', secret).update(`anchor:${a.id}:${a.hash}:${a.at}`).digest('hex');

/** The current head, signed; null while the chain is empty. */
export async function auditHead(db: DbOrTx, secret: string, now: Date): Promise<AuditAnchor | null> {
  const [last] = await db.select({ id: auditEvents.id, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  if (!last) return null;
  const a = { id: Number(last.id), hash: last.hash, at: now.toISOString() };
  return { ...a, signature: sign(secret, a) };
}

/** Appends the head to the anchor file unless it is the same head as the last line. */
export function appendAnchor(dataDir: string, anchor: AuditAnchor): boolean {
  const file = path.resolve(dataDir, ANCHOR_FILE);
  const previous = readAnchors(dataDir).at(-1);
  if (previous && previous.id === anchor.id && previous.hash === anchor.hash) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${JSON.stringify(anchor)}\n`);
  return true;
}

/** The anchors kept so far; unreadable lines are skipped (verification reports them as unsigned). */
export function readAnchors(dataDir: string): AuditAnchor[] {
  const file = path.resolve(dataDir, ANCHOR_FILE);
  if (!fs.existsSync(file)) return [];
  const anchors: AuditAnchor[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      anchors.push(JSON.parse(line) as AuditAnchor);
    } catch {
      anchors.push({ id: -1, hash: '', at: '', signature: '' });
    }
  }
  return anchors;
}

export type AnchorCheck = { ok: true; anchors: number } | { ok: false; anchors: number; reason: string };

/**
 * Every anchor must be signed by this server's secret, and the entry it names must still be in the
 * chain with the same hash — unless retention has purged it (an id at or below the latest signed
 * checkpoint). The newest anchor must not lie beyond the chain's end.
 */
export async function checkAnchors(db: DbOrTx, secret: string, anchors: AuditAnchor[]): Promise<AnchorCheck> {
  const cp = await repo.latestCheckpoint(db);
  const purgedThrough = cp ? Number(cp.purgedThroughId) : 0;
  for (const a of anchors) {
    if (a.id < 0 || sign(secret, a) !== a.signature) return { ok: false, anchors: anchors.length, reason: `an anchor (${a.at || 'unreadable line'}) is not signed by this server's secret` };
    if (a.id <= purgedThrough) continue;
    const row = await repo.eventById(db, a.id);
    if (!row) return { ok: false, anchors: anchors.length, reason: `event ${a.id}, the chain's head at ${a.at}, is missing: entries were removed from the end of the chain` };
    if (row.hash !== a.hash) return { ok: false, anchors: anchors.length, reason: `event ${a.id} no longer has the hash it had at ${a.at}` };
  }
  return { ok: true, anchors: anchors.length };
}
