import { randomUUID } from 'node:crypto';
import { hanCodesOf, searchKeysOf, segmentWordsOf } from '../../search/indexer';
import { titleKeysOf } from '../../search/title-keys';
import { GRANT_KINDS, parseApplicationNumber, parsePublicationNumber } from './patents.numbers';
import type { PatentInput } from './patents.record';
import type { PatentWrite } from './patents.repository';

/**
 * What a patent record is made of and found by: the merge of an incoming row into what is stored,
 * and the record's index keys. Pure computation with no database, so the import can run it in
 * worker threads (workers/keys.tasks.ts) as well as on its own thread (patents.import.ts).
 */

type Stored = PatentWrite;

const KIND_RANK: Record<string, number> = { A: 1, B: 2, U: 2, S: 2, C: 3, Y: 3 };
const pick = <T>(incoming: T | null | undefined, existing: T | null | undefined): T | null => (incoming !== null && incoming !== undefined && incoming !== '' ? incoming : existing ?? null);
const pickList = (incoming: string[], existing: string[] | undefined) => (incoming.length ? incoming : existing ?? []);

/**
 * One record per application: an incoming document updates what is known. The A publication keeps
 * the publication number and date; a later grant (B, U, S) sets the kind, grant number and date;
 * text fields take the newer non-empty value (a grant's claims replace the application's).
 */
export function mergeRecord(existing: Stored | null, r: PatentInput): Stored {
  const pubs = [...(existing?.publications ?? [])];
  const grantKind = r.kindCode && GRANT_KINDS.has(r.kindCode);
  if (r.publicationNumber && !pubs.some((p) => p.number === r.publicationNumber)) {
    pubs.push({ number: r.publicationNumber, kind: r.kindCode, date: r.publicationDate });
  }
  const first = pubs.find((p) => p.kind === 'A') ?? [...pubs].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'))[0];
  const kinds = pubs.map((p) => p.kind).filter((k): k is string => !!k);
  if (existing?.kindCode) kinds.push(existing.kindCode);
  if (r.kindCode) kinds.push(r.kindCode);
  const kindCode = kinds.sort((a, b) => (KIND_RANK[b] ?? 0) - (KIND_RANK[a] ?? 0))[0] ?? null;
  const grantDoc = pubs.find((p) => p.kind && GRANT_KINDS.has(p.kind) && p.kind !== 'C' && p.kind !== 'Y');
  const applicationNumber = pick(r.applicationNumber, existing?.applicationNumber);
  const appDigits = applicationNumber ? (parseApplicationNumber(applicationNumber) as { digits?: string }).digits ?? null : null;
  const serial = first ? parsePublicationNumber(first.number)?.serial ?? null : null;
  const externalId = pick(r.externalId, existing?.externalId);
  const upsertKey = appDigits ? `an:${appDigits}` : serial ? `pn:${serial}` : `ex:${externalId}`;
  return {
    id: existing?.id ?? randomUUID(),
    upsertKey,
    applicationNumber,
    publicationNumber: first?.number ?? existing?.publicationNumber ?? null,
    publicationDate: first?.date ?? pick(r.publicationDate, existing?.publicationDate),
    kindCode,
    grantNumber: pick(r.grantNumber, existing?.grantNumber) ?? grantDoc?.number ?? null,
    grantDate: pick(r.grantDate, existing?.grantDate) ?? (grantKind ? r.publicationDate : null) ?? grantDoc?.date ?? null,
    type: pick(r.type, existing?.type),
    title: pick(r.title, existing?.title) ?? '',
    abstract: pick(r.abstract, existing?.abstract) ?? '',
    mainClaim: pick(r.mainClaim, existing?.mainClaim) ?? '',
    claims: pick(r.claims, existing?.claims) ?? '',
    applicants: pickList(r.applicants, existing?.applicants),
    inventors: pickList(r.inventors, existing?.inventors),
    agency: pick(r.agency, existing?.agency),
    mainIpc: pick(r.mainIpc, existing?.mainIpc),
    ipc: pickList(r.ipc, existing?.ipc),
    filingDate: pick(r.filingDate, existing?.filingDate),
    priority: r.priority.length ? r.priority : existing?.priority ?? [],
    legalStatus: pick(r.legalStatus, existing?.legalStatus),
    externalId,
    publications: pubs,
  };
}

/** The `an:` `pn:` `ex:` keys a stored record answers to (how a later row finds it). */
export function recordKeysOf(s: Stored): string[] {
  const keys = new Set<string>([s.upsertKey]);
  if (s.applicationNumber) {
    const a = parseApplicationNumber(s.applicationNumber);
    if (a.ok) keys.add(`an:${a.digits}`);
  }
  for (const p of s.publications) {
    const serial = parsePublicationNumber(p.number)?.serial;
    if (serial) keys.add(`pn:${serial}`);
  }
  if (s.externalId) keys.add(`ex:${s.externalId}`);
  return [...keys];
}

/**
 * Which of a patent's search keys (search/indexer.ts) go to the postings: Latin tokens and prefixes
 * of the text (`w:` `x:`) and the applicants' and inventors' keys (`p:` `i:`), each shared by many
 * records, so a chunk's row holds many of them. The IPC and number keys (`c:` `n:`), mostly one
 * record's own, stay in the GIN on search_keys, where each costs one entry instead of a row.
 */
export const isPostingKey = (key: string) => key.length > 1 && key[1] === ':' && (key[0] === 'w' || key[0] === 'x' || key[0] === 'p' || key[0] === 'i');

/** A record's search keys as the two columns hold them. */
export function splitSearchKeys(keys: readonly string[]): { searchKeys: string[]; postingKeys: string[] } {
  const searchKeys: string[] = [];
  const postingKeys: string[] = [];
  for (const k of keys) (isPostingKey(k) ? postingKeys : searchKeys).push(k);
  return { searchKeys, postingKeys };
}

export function indexFields(s: Stored) {
  return {
    recordKeys: recordKeysOf(s),
    // The text's Han bigram codes, and the title's own words as title keys (search/title-keys.ts), in
    // an Int32Array: it goes to the postings and the signature, and between threads, as it is.
    hanKeys: hanCodesOf([s.title, s.abstract, s.mainClaim, s.claims], titleKeysOf(s.title)),
    ...splitSearchKeys(
      searchKeysOf({
        title: s.title,
        abstract: s.abstract,
        mainClaim: s.mainClaim,
        claims: s.claims,
        applicants: s.applicants,
        inventors: s.inventors,
        ipc: s.ipc,
        applicationNumber: s.applicationNumber,
        publicationNumbers: s.publications.map((p) => p.number),
        grantNumber: s.grantNumber,
      }),
    ),
    segWords: segmentWordsOf(s),
  };
}

export type IndexedPatent = Stored & ReturnType<typeof indexFields>;
