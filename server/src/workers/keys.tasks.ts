import * as patents from '../modules/patents/patents.keys';
import type { PatentInput } from '../modules/patents/patents.record';
import * as trademarks from '../modules/trademarks/trademarks.keys';
import type { TrademarkInput } from '../modules/trademarks/trademarks.record';
import { batchPostings } from '../search/postings';

/**
 * The tasks a worker thread runs (pool.ts), as plain functions the import's own thread runs too
 * when there are no workers. Each takes a batch of validated rows and answers the records they make
 * as new records, with their index keys, packed for the way between threads (`unpackKeys`).
 */

/**
 * A batch's records with their Han keys in one Int32Array: a worker hands the array's memory over
 * instead of copying ~400 numbers a patent one by one (`ends[i]` is where record i's keys end).
 */
export interface PackedKeys<T extends { hanKeys: number[] | Int32Array }> {
  records: Omit<T, 'hanKeys'>[];
  han: Int32Array;
  ends: Uint32Array;
  /** The task gave Int32Arrays (patents): each record's keys come back as a view of `han`, not copied into a number[]. */
  typed: boolean;
  /**
   * The records' postings by their place in the batch (search/postings.ts batchPostings), for a task
   * whose keys go to a posting table: what the import writes when every row of the batch is new.
   */
  postings?: Uint8Array;
}

/**
 * The records rows make as new records, packed: each record is the merge's object with its other
 * keys added (no copy of it), its Han keys laid one after another in `han`.
 */
function newPacked<I, S extends object, F extends { hanKeys: number[] | Int32Array }>(
  rows: readonly I[],
  merge: (r: I) => S,
  fields: (s: S) => F,
  postings = false,
): PackedKeys<S & F> {
  const hans: F['hanKeys'][] = [];
  let total = 0;
  let typed = true;
  const records = rows.map((r) => {
    const s = merge(r);
    const { hanKeys, ...other } = fields(s);
    hans.push(hanKeys);
    total += hanKeys.length;
    if (!(hanKeys instanceof Int32Array)) typed = false;
    return Object.assign(s, other) as Omit<S & F, 'hanKeys'>;
  });
  const han = new Int32Array(total);
  const ends = new Uint32Array(records.length);
  let at = 0;
  hans.forEach((h, i) => {
    han.set(h, at);
    at += h.length;
    ends[i] = at;
  });
  return { records, han, ends, typed, ...(postings ? { postings: batchPostings(han, ends) } : {}) };
}

/** The records as the import writes them: Han keys of the type the task gave (views of `han`, or number[]), set on the records themselves. */
export function unpackKeys<T extends { hanKeys: number[] | Int32Array }>(p: PackedKeys<T>): T[] {
  let start = 0;
  return p.records.map((r, i) => {
    const end = p.ends[i];
    const view = p.han.subarray(start, end);
    start = end;
    return Object.assign(r, { hanKeys: p.typed ? view : Array.from(view) }) as T;
  });
}

export const worker = {
  patentKeys: (rows: PatentInput[]) => newPacked(rows, (r) => patents.mergeRecord(null, r), patents.indexFields, true),
  trademarkKeys: (rows: TrademarkInput[]) => newPacked(rows, (r) => trademarks.mergeTrademark(null, r), trademarks.indexFields),
};
