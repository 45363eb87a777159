import fs from 'node:fs';
import path from 'node:path';
import { ANCHOR_FILE, auditHead, checkAnchors, readAnchors } from '../audit/audit.anchor';
import { purgeAudit, verifyAuditChain } from '../audit/audit.service';
import type { Env } from '../env';
import { CliError, note, out, withDeps } from './run';

export const MIN_RETENTION_DAYS = 180;

/**
 * Checkpoints are signed with the server secret (IPSTATION_SECRET, else DATA_DIR/secret.key). Without
 * either, boot would make a new key here, which the server does not share.
 */
const hasServerSecret = (env: Env) => !!env.IPSTATION_SECRET || fs.existsSync(path.resolve(env.DATA_DIR, 'secret.key'));

/** `audit verify`: recomputes the hash chain; exit 0 when intact, 1 naming the first broken event. */
export async function auditVerify() {
  await withDeps(
    'audit verify',
    async (deps) => {
      const result = await verifyAuditChain(deps.db, deps.secret);
      if (result.ok) {
        // The chain is whole; the anchors kept outside the database show whether its end was cut off.
        const anchors = await checkAnchors(deps.db, deps.secret, readAnchors(deps.env.DATA_DIR));
        if (!anchors.ok) throw new CliError(`audit chain NOT verified: ${anchors.reason} (${path.resolve(deps.env.DATA_DIR, ANCHOR_FILE)})`);
        out(`audit chain verified: ${result.checked} events${anchors.anchors ? `, reaching all ${anchors.anchors} anchored heads` : ' (no anchored heads yet)'}`);
        return;
      }
      throw new CliError(
        result.brokenId === null
          ? `audit chain NOT verified: ${result.reason}`
          : `audit chain NOT verified: broken at event id ${result.brokenId}: ${result.reason} (${result.checked} event${result.checked === 1 ? '' : 's'} before it verified)`,
      );
    },
    {
      beforeOpen: (env) => {
        if (!hasServerSecret(env)) {
          note('warning: neither IPSTATION_SECRET nor DATA_DIR/secret.key is set here, so a signed checkpoint (left by a purge) will not verify; use the server\'s IPSTATION_SECRET');
        }
      },
    },
  );
}

/** `audit purge`: deletes events older than the retention period, leaving a signed checkpoint. */
export async function auditPurge(opts: { retentionDays?: string }) {
  await withDeps(
    'audit purge',
    async (deps) => {
      const days = opts.retentionDays === undefined ? deps.env.IPSTATION_AUDIT_RETENTION_DAYS : Number(opts.retentionDays);
      const { purgedCount } = await purgeAudit(deps.db, { secret: deps.secret, retentionDays: days, now: deps.clock(), actorId: null });
      out(purgedCount ? `purged ${purgedCount} audit events older than ${days} days; a signed checkpoint keeps the chain verifiable` : `no audit events older than ${days} days; nothing purged`);
    },
    {
      beforeOpen: (env) => {
        if (opts.retentionDays !== undefined) {
          const n = Number(opts.retentionDays);
          if (!Number.isInteger(n) || n < MIN_RETENTION_DAYS || n > 100_000) {
            throw new CliError(`--retention-days must be a whole number of days from ${MIN_RETENTION_DAYS} to 100000 (got ${opts.retentionDays})`);
          }
        }
        if (!hasServerSecret(env)) {
          throw new CliError(
            `audit purge signs a checkpoint with the server secret, and none is set here (no IPSTATION_SECRET, no ${path.resolve(env.DATA_DIR, 'secret.key')}); set IPSTATION_SECRET as the server has it`,
          );
        }
      },
    },
  );
}

/** `audit head`: prints the chain's current head, signed, for keeping somewhere outside this server. */
export async function auditHeadCommand() {
  await withDeps('audit head', async (deps) => {
    const head = await auditHead(deps.db, deps.secret, deps.clock());
    out(head ? JSON.stringify(head) : 'the audit chain is empty');
  });
}
