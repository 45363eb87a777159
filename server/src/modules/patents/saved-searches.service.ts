import type { AppDeps } from '../../deps';
import { recordAudit } from '../../audit/audit.service';
import { AppError, notFound, versionConflict } from '../../errors';
import { translate } from '../../i18n/messages';
import { hasRole, type Actor, type RequestContext } from '../../policy/actor';
import { getEnterprise } from '../enterprises/enterprises.service';
import { notify } from '../notifications/notifications.service';
import { userIdsWithRole } from '../users/users.service';
import { readsWatchAlerts, WATCH_AUDIENCE_ROLES } from './patents.policy';
import { KINDS, type Category, type KindOps, type Presented, type SearchKind } from './saved-searches.kinds';
import * as repo from './saved-searches.repository';

type Ctx = RequestContext & { actor: Actor };

/** A chosen record: a patent (`patentId`) of a patent search, a trademark (`trademarkId`) of a trademark search. */
export interface ChosenResult {
  patentId?: string;
  trademarkId?: string;
  category?: Category | null;
  note?: string;
}
export interface SavedSearchInput {
  /** Which records it searches (patent by default); kept for the life of the saved search. */
  kind?: SearchKind;
  name: string;
  query: string;
  /** A trademark search's Nice class. */
  niceClass?: number | null;
  sort?: 'relevance' | 'date';
  enterpriseId?: string | null;
  workstationId?: string | null;
  watch?: boolean;
  purpose?: string;
  technicalSolution?: string;
  databases?: string[];
  searchElements?: string[];
  /** Further query strings run for this search (the main query is always the first). */
  extraQueries?: string[];
  reviewer?: string;
  conclusion?: string;
  results?: ChosenResult[];
}

/** Saved searches are the searcher's own work: anyone else gets 404. */
async function findOwn(deps: Pick<AppDeps, 'db'>, ctx: Ctx, id: string) {
  const row = await repo.findById(deps.db, id);
  if (!row || row.ownerId !== ctx.actor.userId) throw notFound();
  return row;
}

/** A watch may be kept for a workstation the caller works at, or an enterprise the caller may see. */
async function checkTargets(deps: AppDeps, ctx: Ctx, input: { enterpriseId?: string | null; workstationId?: string | null }) {
  if (input.workstationId) {
    const mine = ctx.actor.roles.some((r) => r.organizationId === input.workstationId && r.organizationType === 'workstation');
    if (!mine && !hasRole(ctx.actor, 'bureau_admin')) throw new AppError('FORBIDDEN');
    if (!mine) {
      // The bureau may name any workstation; it must still be one.
      if ((await repo.organizationTypeOf(deps.db, input.workstationId)) !== 'workstation') {
        throw new AppError('VALIDATION', { details: [{ path: 'workstationId', message: translate(ctx.locale, 'search.not_workstation') }] });
      }
    }
  }
  if (input.enterpriseId) await getEnterprise(deps, ctx, input.enterpriseId);
}

async function queriesWithHits(deps: AppDeps, ctx: Ctx, ops: KindOps, main: string, extra: string[] | undefined, niceClass: number | null, now: Date) {
  const all = [main, ...(extra ?? []).filter((q) => q.trim() && q.trim() !== main.trim())];
  const out: { q: string; hits: number; at: string }[] = [];
  for (const [i, q] of all.entries()) {
    out.push({ q, hits: await ops.count(deps, ops.parse(q, ctx.locale, i === 0 ? 'query' : `extraQueries.${i - 1}`), niceClass), at: now.toISOString() });
  }
  return out;
}

/** The record a chosen result names, in the saved search's kind (400 naming the entry when it names none). */
function idOf(ops: KindOps, r: ChosenResult, i: number, locale: Ctx['locale']): string {
  const id = r[ops.column];
  if (!id) throw new AppError('VALIDATION', { details: [{ path: `results.${i}.${ops.column}`, message: translate(locale, ops.column === 'patentId' ? 'search.result_needs_patent' : 'search.result_needs_trademark') }] });
  if (r.category && !Object.hasOwn(ops.report.categories, r.category)) {
    throw new AppError('VALIDATION', { details: [{ path: `results.${i}.category`, message: translate(locale, 'search.category_of_kind', { values: Object.keys(ops.report.categories).join(' / ') }) }] });
  }
  return id;
}

async function checkResults(deps: AppDeps, ctx: Ctx, ops: KindOps, results: ChosenResult[] | undefined) {
  if (!results?.length) return;
  const given = results.map((r, i) => idOf(ops, r, i, ctx.locale));
  const ids = [...new Set(given)];
  if (ids.length !== results.length) throw new AppError('VALIDATION', { details: [{ path: 'results', message: `duplicate ${ops.column}` }] });
  const found = new Set((await ops.byIds(deps.db, ids)).map((f) => f.id));
  if (found.size !== ids.length) {
    const missing = ids.findIndex((id) => !found.has(id));
    throw new AppError('VALIDATION', { details: [{ path: `results.${missing}.${ops.column}`, message: translate('zh-CN', 'errors.NOT_FOUND') }] });
  }
}

/** A Nice class belongs to a trademark search only. */
function checkNiceClass(ctx: Ctx, kind: SearchKind, niceClass: number | null | undefined) {
  if (niceClass != null && kind !== 'trademark') {
    throw new AppError('VALIDATION', { details: [{ path: 'niceClass', message: translate(ctx.locale, 'search.nice_class_patent') }] });
  }
}

async function present(deps: AppDeps, row: repo.SavedSearchRow) {
  const ops = KINDS[row.kind];
  const chosen = await repo.results(deps.db, row.id);
  const records = new Map((await ops.byIds(deps.db, chosen.map((c) => c[ops.column]!))).map((r) => [r.id, r.presented]));
  return {
    data: {
      id: row.id,
      kind: row.kind,
      name: row.name,
      query: row.query,
      niceClass: row.niceClass,
      sort: row.sort,
      enterpriseId: row.enterpriseId,
      workstationId: row.workstationId,
      watch: row.watch,
      purpose: row.purpose,
      technicalSolution: row.technicalSolution,
      databases: row.databases,
      searchElements: row.searchElements,
      queries: row.queries,
      reviewer: row.reviewer,
      conclusion: row.conclusion,
      results: chosen.flatMap((c) => {
        const record = records.get(c[ops.column]!);
        return record ? [{ ...record, category: c.category, note: c.note }] : [];
      }),
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    },
  };
}

const resultRows = (ops: KindOps, results: ChosenResult[] | undefined, now: Date) =>
  (results ?? []).map((r, i) => ({ [ops.column]: r[ops.column]!, category: r.category ?? null, note: r.note ?? '', position: i, createdAt: now }));

export async function createSavedSearch(deps: AppDeps, ctx: Ctx, input: SavedSearchInput) {
  const kind = input.kind ?? 'patent';
  const ops = KINDS[kind];
  ops.parse(input.query, ctx.locale, 'query');
  checkNiceClass(ctx, kind, input.niceClass);
  await checkTargets(deps, ctx, input);
  await checkResults(deps, ctx, ops, input.results);
  const now = deps.clock();
  const queries = await queriesWithHits(deps, ctx, ops, input.query, input.extraQueries, input.niceClass ?? null, now);
  const row = await deps.db.transaction(async (tx) => {
    const created = await repo.insert(tx, {
      ownerId: ctx.actor.userId,
      kind,
      name: input.name,
      query: input.query,
      niceClass: input.niceClass ?? null,
      sort: input.sort ?? 'relevance',
      enterpriseId: input.enterpriseId ?? null,
      workstationId: input.workstationId ?? null,
      watch: input.watch ?? false,
      purpose: input.purpose ?? '',
      technicalSolution: input.technicalSolution ?? '',
      databases: input.databases?.length ? input.databases : ops.databases,
      searchElements: input.searchElements ?? [],
      queries,
      reviewer: input.reviewer ?? '',
      conclusion: input.conclusion ?? '',
      createdAt: now,
      updatedAt: now,
    });
    await repo.replaceResults(tx, created.id, resultRows(ops, input.results, now));
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'saved_search.created',
      recordType: 'saved_search',
      recordId: created.id,
      organizationId: input.workstationId ?? input.enterpriseId ?? null,
      data: { kind, name: input.name, query: input.query, watch: created.watch, results: input.results?.length ?? 0 },
    });
    return created;
  });
  return present(deps, row);
}

export async function listSavedSearches(deps: AppDeps, ctx: Ctx, q: { page: number; pageSize: number }) {
  const { rows, total } = await repo.listByOwner(deps.db, ctx.actor.userId, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, query: r.query, niceClass: r.niceClass, watch: r.watch, enterpriseId: r.enterpriseId, workstationId: r.workstationId, updatedAt: r.updatedAt.toISOString(), version: r.version })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getSavedSearch(deps: AppDeps, ctx: Ctx, id: string) {
  return present(deps, await findOwn(deps, ctx, id));
}

export async function updateSavedSearch(deps: AppDeps, ctx: Ctx, id: string, input: Partial<SavedSearchInput> & { version: number }) {
  const row = await findOwn(deps, ctx, id);
  const ops = KINDS[row.kind];
  if (input.query !== undefined) ops.parse(input.query, ctx.locale, 'query');
  checkNiceClass(ctx, row.kind, input.niceClass);
  await checkTargets(deps, ctx, input);
  await checkResults(deps, ctx, ops, input.results);
  const now = deps.clock();
  const set: Partial<repo.SavedSearchInsert> = {};
  for (const k of ['name', 'query', 'niceClass', 'sort', 'enterpriseId', 'workstationId', 'watch', 'purpose', 'technicalSolution', 'databases', 'searchElements', 'reviewer', 'conclusion'] as const) {
    if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
  }
  // The counts follow the query strings and, for trademarks, the class they were counted in.
  if (input.query !== undefined || input.extraQueries !== undefined || (input.niceClass !== undefined && input.niceClass !== row.niceClass)) {
    const extra = input.extraQueries ?? row.queries.slice(1).map((x) => x.q);
    set.queries = await queriesWithHits(deps, ctx, ops, input.query ?? row.query, extra, input.niceClass !== undefined ? input.niceClass : row.niceClass, now);
  }
  const updated = await deps.db.transaction(async (tx) => {
    const u = await repo.updateVersioned(tx, id, input.version, set, now);
    if (!u) throw versionConflict();
    if (input.results) await repo.replaceResults(tx, id, resultRows(ops, input.results, now));
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of Object.keys(set) as (keyof typeof set)[]) {
      if (k !== 'queries') changes[k] = { from: (row as Record<string, unknown>)[k] ?? null, to: set[k] ?? null };
    }
    if (input.results) changes.results = { from: null, to: input.results.length };
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, { type: 'saved_search.updated', recordType: 'saved_search', recordId: id, data: { changes } });
    return u;
  });
  return present(deps, updated);
}

/** At most this many chosen results per saved search (the same bound as a create or an edit). */
export const MAX_RESULTS = 200;

/**
 * Adds chosen results to an existing saved search without sending its version: new records go to
 * the end in the order given; a record already chosen keeps its place and takes the category and
 * note given with it (when given).
 */
export async function addSavedSearchResults(deps: AppDeps, ctx: Ctx, id: string, input: { results: ChosenResult[] }) {
  const row = await findOwn(deps, ctx, id);
  const ops = KINDS[row.kind];
  await checkResults(deps, ctx, ops, input.results);
  const now = deps.clock();
  const updated = await deps.db.transaction(async (tx) => {
    const existing = await repo.results(tx, id);
    const merged: ChosenResult[] = existing.map((e) => ({ [ops.column]: e[ops.column]!, category: e.category as ChosenResult['category'], note: e.note }));
    for (const r of input.results) {
      const at = merged.find((m) => m[ops.column] === r[ops.column]);
      if (!at) merged.push(r);
      else {
        if (r.category !== undefined) at.category = r.category;
        if (r.note !== undefined && r.note !== '') at.note = r.note;
      }
    }
    if (merged.length > MAX_RESULTS) {
      throw new AppError('VALIDATION', { details: [{ path: 'results', message: translate(ctx.locale, 'search.too_many_results', { max: MAX_RESULTS }) }] });
    }
    const u = await repo.updateVersioned(tx, id, row.version, {}, now);
    if (!u) throw versionConflict();
    await repo.replaceResults(tx, id, resultRows(ops, merged, now));
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'saved_search.updated',
      recordType: 'saved_search',
      recordId: id,
      data: { changes: { results: { from: existing.length, to: merged.length } } },
    });
    return u;
  });
  return present(deps, updated);
}

/** The newest alerted records a listing shows; older ones are counted in `truncated`. */
const MAX_ALERT_ROWS = 1000;

/**
 * A watch's alerts, for whoever it alerts (its owner; while it watches, the staff of its
 * workstation and the users of its enterprise), 404 for anyone else: one entry per import run that
 * alerted (the alert time), with the new hits it listed.
 */
export async function listSavedSearchAlerts(deps: AppDeps, ctx: Ctx, id: string) {
  const row = await repo.findById(deps.db, id);
  if (!row || !readsWatchAlerts(ctx.actor, row)) throw notFound();
  const rows = await repo.alerts(deps.db, id, row.kind, MAX_ALERT_ROWS + 1);
  const truncated = rows.length > MAX_ALERT_ROWS;
  const listed = rows.slice(0, MAX_ALERT_ROWS);
  const records = new Map((await KINDS[row.kind].byIds(deps.db, [...new Set(listed.map((r) => r.id))])).map((r) => [r.id, r.presented]));
  const items: { alertedAt: string; count: number; hits: Presented[] }[] = [];
  for (const { alertedAt, id: recordId } of listed) {
    const hit = records.get(recordId);
    if (!hit) continue;
    const at = alertedAt.toISOString();
    let item = items[items.length - 1];
    if (item?.alertedAt !== at) items.push((item = { alertedAt: at, count: 0, hits: [] }));
    item.hits.push(hit);
    item.count++;
  }
  return { kind: row.kind, items, truncated };
}

export async function deleteSavedSearch(deps: AppDeps, ctx: Ctx, id: string) {
  const row = await findOwn(deps, ctx, id);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await repo.remove(tx, id);
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, { type: 'saved_search.deleted', recordType: 'saved_search', recordId: id, data: { name: row.name } });
  });
}

/** The saved search with its chosen records as the report cites them and the results sheet lists them. */
export async function savedSearchForReport(deps: AppDeps, ctx: Ctx, id: string) {
  const row = await findOwn(deps, ctx, id);
  const ops = KINDS[row.kind];
  const chosen = await repo.results(deps.db, id);
  const records = new Map((await ops.byIds(deps.db, chosen.map((c) => c[ops.column]!))).map((r) => [r.id, r]));
  const cited = chosen.flatMap((c) => {
    const r = records.get(c[ops.column]!);
    return r ? [{ category: c.category, note: c.note, citation: r.citation, sheet: r.sheet }] : [];
  });
  return { row, ops, cited };
}

const MAX_LISTED = 20;

/**
 * Who a watch alerts, each once: its owner, the active staff accounts of the workstation it is kept
 * for and the active (approved) users of the enterprise it is kept for.
 */
async function watchAudience(deps: AppDeps, w: repo.SavedSearchRow): Promise<string[]> {
  const staff = w.workstationId ? await userIdsWithRole(deps.db, [w.workstationId], [...WATCH_AUDIENCE_ROLES.workstation]) : [];
  const users = w.enterpriseId ? await userIdsWithRole(deps.db, [w.enterpriseId], [...WATCH_AUDIENCE_ROLES.enterprise]) : [];
  return [...new Set([w.ownerId, ...staff, ...users])];
}

/**
 * Runs every watch of a kind against the records one import created or changed (a record that
 * existed when the watch was saved alerts when a later import changes it, e.g. its grant arrives).
 * Each watch alerts its audience (watchAudience) once per record: the alert rows' unique (watch,
 * record) decides what is new, in the same transaction as the notifications, so a retried run
 * never alerts twice. The owner's alert opens the saved search; the others', which may not open
 * it, list the hits and read them at GET /api/saved-searches/{id}/alerts.
 */
export async function runWatches(deps: AppDeps, batchId: string, kind: SearchKind = 'patent'): Promise<number> {
  const ops = KINDS[kind];
  let alerts = 0;
  for (const w of await repo.watches(deps.db, kind)) {
    let q;
    try {
      q = ops.parse(w.query, 'zh-CN', 'query');
    } catch (e) {
      // A query the language no longer reads alerts nothing (it is shown with its error when opened).
      if (e instanceof AppError) continue;
      throw e;
    }
    const ids = await ops.matchingInBatch(deps.db, q, batchId, w.niceClass);
    if (!ids.length) continue;
    const audience = await watchAudience(deps, w);
    await deps.db.transaction(async (tx) => {
      const fresh: string[] = [];
      for (let i = 0; i < ids.length; i += 5000) fresh.push(...(await repo.recordAlerts(tx, w.id, ops.column, ids.slice(i, i + 5000), deps.clock())));
      if (!fresh.length) return;
      const listed = await ops.byIds(tx, fresh.slice(0, MAX_LISTED));
      const lines = listed.map((r) => r.line);
      if (fresh.length > MAX_LISTED) lines.push(translate('zh-CN', 'search.watch_more', { count: fresh.length - MAX_LISTED }));
      const alert = {
        kind: kind === 'patent' ? 'patents.watch' : 'trademarks.watch',
        title: translate('zh-CN', 'search.watch_title', { name: w.name, count: fresh.length }),
        body: lines.join('\n'),
        data: { savedSearchId: w.id, [kind === 'patent' ? 'patentIds' : 'trademarkIds']: fresh.slice(0, 200), count: fresh.length },
        email: true,
      };
      await notify(deps, { ...alert, userIds: [w.ownerId], link: `/patents/saved/${w.id}` }, tx);
      const others = audience.filter((u) => u !== w.ownerId);
      if (others.length) await notify(deps, { ...alert, userIds: others, link: `/patents/watches/${w.id}` }, tx);
      alerts++;
    });
  }
  return alerts;
}
