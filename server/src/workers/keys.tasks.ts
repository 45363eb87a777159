import { newPatentRecords } from '../modules/patents/patents.keys';
import type { PatentInput } from '../modules/patents/patents.record';
import { newTrademarkRecords } from '../modules/trademarks/trademarks.keys';
import type { TrademarkInput } from '../modules/trademarks/trademarks.record';

/**
 * The tasks a worker thread runs (pool.ts), as plain functions the import's own thread runs too
 * when there are no workers. Each takes a batch of validated rows and answers the records they make
 * as new records, with their index keys, packed for the way between threads (`unpackKeys`).
 */

/**
 * A batch's records with their Han keys in one Int32Array: a worker hands the array's memory over
 * instead of copying ~700 numbers a patent one by one (`ends[i]` is where record i's keys end).
 */
export interface PackedKeys<T extends { hanKeys: number[] }> {
  records: Omit<T, 'hanKeys'>[];
  han: Int32Array;
  ends: Uint32Array;
}

function packKeys<T extends { hanKeys: number[] }>(records: T[]): PackedKeys<T> {
  let total = 0;
  for (const r of records) total += r.hanKeys.length;
  const han = new Int32Array(total);
  const ends = new Uint32Array(records.length);
  let at = 0;
  const rest = records.map((r, i) => {
    const { hanKeys, ...other } = r;
    han.set(hanKeys, at);
    at += hanKeys.length;
    ends[i] = at;
    return other;
  });
  return { records: rest, han, ends };
}

/** The records as the import writes them (Han keys as number[], the type the repositories take). */
export function unpackKeys<T extends { hanKeys: number[] }>(p: PackedKeys<T>): T[] {
  let start = 0;
  return p.records.map((r, i) => {
    const end = p.ends[i];
    const hanKeys = new Array<number>(end - start);
    for (let j = start; j < end; j++) hanKeys[j - start] = p.han[j];
    start = end;
    return { ...r, hanKeys } as T;
  });
}

export const worker = {
  patentKeys: (rows: PatentInput[]) => packKeys(newPatentRecords(rows)),
  trademarkKeys: (rows: TrademarkInput[]) => packKeys(newTrademarkRecords(rows)),
};
