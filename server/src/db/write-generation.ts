import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Counts the writes this process has seen, in all and per table, so that a cached read can tell
 * whether anything it depends on has changed since it was read (`lib/read-cache.ts`).
 *
 * Writes are seen where they happen: every statement that passes through the database driver is
 * classified by its first words (db/client.ts wraps the pool's connections and the embedded
 * database). A write counts when it completes (and again when its transaction ends), so a read that
 * began before a write landed is always older than the count. On a PostgreSQL server, writes made by
 * other processes (a second server, the command line, psql) arrive as notifications from
 * statement-level triggers on every table (`ensureChangeTriggers`); until the listener is connected,
 * and whenever it drops, the count is "unknown" and nothing is served from a cache.
 */
export class WriteGeneration {
  private total = 0;
  private readonly perTable = new Map<string, number>();
  private listening: boolean;

  /** `crossProcess`: other processes may write to the same database (a PostgreSQL server). */
  constructor(crossProcess = false) {
    this.listening = !crossProcess;
  }

  /** Records a write to `table`, or to an unknown set of tables (`null`). */
  bump(table: string | null) {
    this.total++;
    if (table) this.perTable.set(table, (this.perTable.get(table) ?? 0) + 1);
  }

  /**
   * The number of writes so far to any table outside `ignoring`; null while writes of other
   * processes might go unseen. Equal values at two moments mean no such write happened between.
   */
  version(ignoring?: ReadonlySet<string>): number | null {
    if (!this.listening) return null;
    let v = this.total;
    if (ignoring) for (const t of ignoring) v -= this.perTable.get(t) ?? 0;
    return v;
  }

  /**
   * The number of writes so far to any of `tables` or to tables not known (a COPY, DDL); null while
   * writes of other processes might go unseen. For a value read from those tables alone.
   */
  versionOf(tables: ReadonlySet<string>): number | null {
    if (!this.listening) return null;
    let v = this.total;
    for (const [t, n] of this.perTable) if (!tables.has(t)) v -= n;
    return v;
  }

  /** Called by the change listener: whether other processes' writes are being heard. */
  setListening(on: boolean) {
    this.listening = on;
    this.bump(null);
  }
}

export type StatementKind = { kind: 'read' } | { kind: 'write'; table: string | null } | { kind: 'end' };

const READ_RE = /^[\s(]*(select|show|explain|values|begin|start\s+transaction|set|reset|savepoint|release|listen|unlisten|declare|fetch|close|prepare|deallocate)\b/i;
const END_RE = /^\s*(commit|end|rollback|abort)\b(?!\s+to\b)/i;
const TABLE_RE = /^\s*(?:insert\s+into|update|delete\s+from)\s+(?:(?:"?public"?)\.)?"?([a-z_][a-z0-9_]*)"?/i;
const WITH_RE = /^[\s(]*with\b/i;
/** A word that may make a CTE change data (or merely lock rows, `for update`: counted all the same). */
const MODIFYING_RE = /\b(insert|update|delete|merge)\b/i;

/**
 * What a statement does to the data, by its first words: a read (or a statement that changes no
 * table), the end of a transaction, or a write to one named table or to unknown tables. A single
 * insert/update/delete names its table; a CTE with no insert, update, delete or merge anywhere in
 * its text is a read (the search's pages and facets are such); anything else that is not a read (a
 * CTE that writes, COPY, DDL, several statements in one text) counts as a write to unknown tables.
 * Reads that write through a function do not exist in this code base (no SQL function of ours writes).
 */
export function classifyStatement(text: string): StatementKind {
  if (END_RE.test(text)) return { kind: 'end' };
  if (READ_RE.test(text)) return { kind: 'read' };
  const m = TABLE_RE.exec(text);
  const single = !/;\s*\S/.test(text);
  if (single && WITH_RE.test(text) && !MODIFYING_RE.test(text)) return { kind: 'read' };
  return { kind: 'write', table: m && single ? m[1].toLowerCase() : null };
}

function statementText(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { text?: unknown }).text === 'string') return (arg as { text: string }).text;
  return '';
}

/** Rows a result says it changed; null when the driver does not say (DDL, COPY). */
function changedRows(result: unknown): number | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as { rowCount?: unknown; affectedRows?: unknown; command?: unknown };
  if (typeof r.rowCount === 'number' && typeof r.command === 'string' && /^(INSERT|UPDATE|DELETE|MERGE)$/.test(r.command)) return r.rowCount;
  if (typeof r.affectedRows === 'number') return r.affectedRows;
  return null;
}

/** Follows one connection: writes it makes, and the tables to count again when its transaction ends. */
class ConnectionWatch {
  private pending = new Set<string | null>();
  constructor(private readonly gen: WriteGeneration) {}

  after(kind: StatementKind, result: unknown, failed: boolean) {
    if (kind.kind === 'read') return;
    if (kind.kind === 'end') {
      for (const t of this.pending) this.gen.bump(t);
      this.pending.clear();
      return;
    }
    // Only a single insert/update/delete's count is trusted: it names every row it changed.
    const rows = failed || !kind.table ? null : changedRows(result);
    if (rows === 0) return;
    this.pending.add(kind.table);
    this.gen.bump(kind.table);
  }

  /** The transaction ended without a statement of ours (PGlite's transaction()). */
  ended() {
    this.after({ kind: 'end' }, null, false);
  }
}

type QueryFn = (...args: unknown[]) => unknown;

function wrapQuery(target: { query: QueryFn }, watch: ConnectionWatch) {
  const original = target.query.bind(target);
  target.query = (...args: unknown[]) => {
    const kind = classifyStatement(statementText(args[0]));
    if (kind.kind === 'read') return original(...args);
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const cb = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => {
        watch.after(kind, res, !!err);
        cb(err, res);
      };
      return original(...args);
    }
    const out = original(...args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<unknown>).then(
        (res) => {
          watch.after(kind, res, false);
          return res;
        },
        (err) => {
          watch.after(kind, null, true);
          throw err;
        },
      );
    }
    // A submittable (COPY streams): counted now and again when its transaction ends.
    watch.after(kind, null, true);
    return out;
  };
}

/** Counts the writes of every connection the pool opens. */
export function watchPool(pool: pg.Pool, gen: WriteGeneration) {
  pool.on('connect', (client) => wrapQuery(client as unknown as { query: QueryFn }, new ConnectionWatch(gen)));
}

/** Counts the writes made through the embedded database, inside and outside transactions. */
export function watchPglite(client: PGlite, gen: WriteGeneration) {
  const watch = new ConnectionWatch(gen);
  const target = client as unknown as { query: QueryFn; exec: QueryFn; transaction: QueryFn };
  wrapQuery(target, watch);
  wrapExec(target, watch, true);
  const transaction = target.transaction.bind(client);
  target.transaction = async (fn: unknown) => {
    try {
      return await transaction(async (tx: { query: QueryFn; exec: QueryFn }) => {
        wrapQuery(tx, watch);
        wrapExec(tx, watch, false);
        return (fn as (t: unknown) => unknown)(tx);
      });
    } finally {
      watch.ended();
    }
  };
}

/** `exec` runs any number of statements (migrations, restores): a write to unknown tables. */
function wrapExec(target: { exec: QueryFn }, watch: ConnectionWatch, outsideTransaction: boolean) {
  const exec = target.exec.bind(target);
  target.exec = async (...args: unknown[]) => {
    try {
      return await exec(...args);
    } finally {
      watch.after({ kind: 'write', table: null }, null, true);
      if (outsideTransaction) watch.ended();
    }
  };
}

export const CHANGE_CHANNEL = 'ipstation_changed';

/**
 * One statement-level trigger per table of the public schema that notifies CHANGE_CHANNEL with the
 * table's name when the transaction commits (PostgreSQL delivers notifications at commit, once per
 * distinct payload). Run after the migrations, so a table a migration adds is covered at the next
 * start; idempotent.
 */
export const ENSURE_CHANGE_TRIGGERS_SQL = `
create or replace function ipstation_notify_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('${CHANGE_CHANNEL}', tg_table_name);
  return null;
end $$;
do $$
declare t record;
begin
  for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p')
             and not exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'ipstation_change')
  loop
    execute format('create trigger ipstation_change after insert or update or delete or truncate on public.%I
                    for each statement execute function ipstation_notify_change()', t.relname);
  end loop;
end $$;`;

/**
 * Listens for other processes' writes on a connection of its own and counts them; reconnects when
 * the connection drops (nothing is served from a cache meanwhile). Returns a stop function.
 */
export function listenForChanges(connectionString: string, gen: WriteGeneration, log: Logger): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString });
    client = c;
    const lost = (why: string) => {
      if (client !== c) return;
      client = null;
      gen.setListening(false);
      c.end().catch(() => undefined);
      if (!stopped) {
        log.warn({ why }, 'change listener lost its connection; caches are off until it is back');
        retry = setTimeout(() => void connect(), 1000);
      }
    };
    c.on('error', (e) => lost(e.message));
    c.on('end', () => lost('connection ended'));
    c.on('notification', (n) => gen.bump(n.payload ?? null));
    try {
      await c.connect();
      await c.query(`listen ${CHANGE_CHANNEL}`);
      if (client === c) gen.setListening(true);
    } catch (e) {
      lost((e as Error).message);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    gen.setListening(false);
    if (c) await c.end().catch(() => undefined);
  };
}
