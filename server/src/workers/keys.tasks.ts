import * as patents from '../modules/patents/patents.keys';
import type { PatentInput } from '../modules/patents/patents.record';
import * as trademarks from '../modules/trademarks/trademarks.keys';
import type { TrademarkInput } from '../modules/trademarks/trademarks.record';
import { batchPostings } from '../search/postings';

/**
 * The tasks a worker thread runs (pool.ts), as plain functions the import's own thread runs too
 * when there are no workers. Each takes a batch of validated rows and answers the index keys of the
 * records they make as new records, packed for the way between threads; the records themselves are
 * made again where the answer arrives (`unpackKeys`): the merge is cheap (~3 µs a patent), where
 * sending each record's text back cost both threads a copy of it.
 */

/**
 * A batch's new records' index fields, their Han keys in one Int32Array: a worker hands the array's
 * memory over instead of copying ~400 numbers a patent one by one (`ends[i]` is where record i's keys end).
 */
export interface PackedKeys<F extends { hanKeys: number[] | Int32Array }> {
  fields: Omit<F, 'hanKeys'>[];
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

/** The index fields of the records rows make as new records, packed: the Han keys laid one after another in `han`. */
function newPacked<I, S extends object, F extends { hanKeys: number[] | Int32Array }>(
  rows: readonly I[],
  merge: (r: I) => S,
  fields: (s: S) => F,
  postings = false,
): PackedKeys<F> {
  const hans: F['hanKeys'][] = [];
  let total = 0;
  let typed = true;
  const other = rows.map((r) => {
    const { hanKeys, ...rest } = fields(merge(r));
    hans.push(hanKeys);
    total += hanKeys.length;
    if (!(hanKeys instanceof Int32Array)) typed = false;
    return rest;
  });
  const han = new Int32Array(total);
  const ends = new Uint32Array(other.length);
  let at = 0;
  hans.forEach((h, i) => {
    han.set(h, at);
    at += h.length;
    ends[i] = at;
  });
  return { fields: other, han, ends, typed, ...(postings ? { postings: batchPostings(han, ends) } : {}) };
}

/** How each task's rows make new records: run by the task, and again where its answer arrives. */
export const merges = {
  patentKeys: (r: PatentInput) => patents.mergeRecord(null, r),
  trademarkKeys: (r: TrademarkInput) => trademarks.mergeTrademark(null, r),
};

export const worker = {
  patentKeys: (rows: PatentInput[]) => newPacked(rows, merges.patentKeys, patents.indexFields, true),
  trademarkKeys: (rows: TrademarkInput[]) => newPacked(rows, merges.trademarkKeys, trademarks.indexFields),
};

export type KeyTaskName = keyof typeof worker;
/** A key task's new records as the import writes them: the merge's record with its index fields. */
export type NewRecord<K extends KeyTaskName> = ReturnType<(typeof merges)[K]> & (ReturnType<(typeof worker)[K]> extends PackedKeys<infer F> ? F : never);

/**
 * The records as the import writes them: each row merged again (as the task did, with an id of its
 * own), with the index fields the task gave and its Han keys of the type the task gave (views of
 * `han`, or number[]).
 */
export function unpackKeys<K extends KeyTaskName>(name: K, p: ReturnType<(typeof worker)[K]>, rows: readonly Parameters<(typeof merges)[K]>[0][]): NewRecord<K>[] {
  const merge = merges[name] as (r: (typeof rows)[number]) => object;
  let start = 0;
  return rows.map((r, i) => {
    const end = p.ends[i];
    const view = p.han.subarray(start, end);
    start = end;
    return Object.assign(merge(r), p.fields[i], { hanKeys: p.typed ? view : Array.from(view) }) as unknown as NewRecord<K>;
  });
}
