import { randomUUID } from 'node:crypto';
import { hanKeysOf, textKeysOf } from '../../search/indexer';
import type { TrademarkInput } from './trademarks.record';
import type { TrademarkWrite } from './trademarks.repository';

/**
 * A trademark record's merge and index keys: pure computation, run by the import on its own thread
 * or in worker threads (workers/keys.tasks.ts), as patents.keys.ts is for patents.
 */

type Stored = TrademarkWrite;

const pick = <T>(incoming: T | null, existing: T | null | undefined): T | null => (incoming !== null && incoming !== '' ? incoming : existing ?? null);
const pickList = <T>(incoming: T[], existing: T[] | undefined) => (incoming.length ? incoming : existing ?? []);

/**
 * A row updates what is known of its registration, like a later patent document does: fields the
 * row gives replace the stored ones, fields it leaves empty keep theirs (a file of status changes
 * need not repeat the goods).
 */
export function mergeTrademark(existing: Stored | null, r: TrademarkInput): Stored {
  return {
    id: existing?.id ?? randomUUID(),
    registrationNumber: r.registrationNumber,
    markName: pick(r.markName, existing?.markName) ?? '',
    niceClasses: pickList(r.niceClasses, existing?.niceClasses),
    similarGroups: pickList(r.similarGroups, existing?.similarGroups),
    goodsServices: pick(r.goodsServices, existing?.goodsServices) ?? '',
    applicants: pickList(r.applicants, existing?.applicants),
    filingDate: pick(r.filingDate, existing?.filingDate),
    registrationDate: pick(r.registrationDate, existing?.registrationDate),
    expiryDate: pick(r.expiryDate, existing?.expiryDate),
    status: pick(r.status, existing?.status),
  };
}

/** The search columns of a record: Han bigrams and Latin keys of mark name and goods/services, applicants under `p:`, the registration number under `n:`. */
export function indexFields(s: Stored) {
  const keys = textKeysOf([s.markName, s.goodsServices], { 'p:': s.applicants });
  keys.add(`n:${s.registrationNumber.toLowerCase()}`);
  return { hanKeys: hanKeysOf([s.markName, s.goodsServices]), searchKeys: [...keys] };
}

export type IndexedTrademark = Stored & ReturnType<typeof indexFields>;
