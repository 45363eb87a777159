import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { errorStatus } from '../src/errors';
import { Agent } from './agent';
import { buildOrganization, buildUser, signedIn, validUscc } from './factories';
import { setupTestApp } from './harness';

/**
 * Property-based fuzzing of every JSON endpoint, from the OpenAPI document the app serves: valid
 * inputs made from each schema, then broken ones (wrong types, missing and extra fields, huge
 * strings, unicode edge cases, numbers at the limits, deep nesting, malformed JSON, bad percent
 * encodings), as the bureau and as a workstation's staff (public endpoints also anonymously).
 * Whatever is sent: never a 5xx, every error in the one shape, and the server healthy at the end.
 *
 * At least 10,000 requests a run, in process: the runs per endpoint and caller are spread so the
 * total stays near FUZZ_REQUESTS (default 11,000) however many endpoints there are. FUZZ_SEED=<n>
 * replays a run.
 */
const TARGET = Number(process.env.FUZZ_REQUESTS ?? 11_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647;

const ctx = await setupTestApp({ env: { IPSTATION_LOGIN_RATE_PER_MIN: '1000000', IPSTATION_LOGIN_MAX_FAILURES: '1000000' } });

// A small network whose ids the fuzzer sometimes uses, so that calls reach past "not found".
const bureauOrg = await buildOrganization(ctx, { type: 'bureau', name: '模糊测试市局' });
const host = await buildOrganization(ctx, { type: 'host_association', name: '模糊测试协会' });
const agency = await buildOrganization(ctx, { type: 'agency', name: '模糊测试代理所' });
const bureau = await signedIn(ctx, 'bureau_admin', bureauOrg.id);
const ws = (await bureau.post('/api/workstations', { hostId: host.id, name: '模糊测试工作站', districts: ['440305'] })).body.data;
const staff = await signedIn(ctx, 'workstation_staff', ws.id);
const enterprise = (await staff.post('/api/enterprises', { uscc: validUscc(), name: '模糊测试企业' })).body.data;
const target = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws.id });
const expert = await buildUser(ctx, { role: 'expert', organizationId: agency.id });
const staffRecord = (await bureau.post(`/api/workstations/${ws.id}/staff`, { name: '模糊专员' })).body.data;
const invitation = (await staff.post(`/api/enterprises/${enterprise.id}/invitations`, { name: '模糊联系人' })).body;
const ID_POOL = [bureauOrg.id, host.id, agency.id, ws.id, enterprise.id, target.user.id, expert.user.id, staffRecord.id, invitation.data.id];
const STRING_POOL = [enterprise.uscc, invitation.code, target.username, '2026-03-02', '2026-02-30', 'agency', 'user'];

const doc = (await new Agent(ctx).get('/api/openapi.json')).body as {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};
interface Operation {
  parameters?: { name: string; in: 'query' | 'path'; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
}
type JsonSchema = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Values

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD83D', '\uDE00b'];
const UNICODE_EDGES = [
  '\u200F', '\u200E', '\u202E', '\u2066', // RTL / LTR marks and overrides
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', // zero-width
  '𠮷', '😀', '👨‍👩‍👧‍👦', '\u{10FFFF}', '\u{1F1E8}\u{1F1F3}', // 4-byte and clusters
  '\u0000', '\u0001', '\u001F', '\u007F', '\u0085', '\u2028', '\u2029',
  'e\u0301', 'Å', 'ﬁ', 'ǅ', '１２３', '٣', 'İ', 'ß',
  ...LONE_SURROGATES,
];
const NUMBER_EDGES = [0, -0, 1, -1, 0.5, -0.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e21, 1e308, -1e308, Number.MIN_VALUE, 5e-324, 1.7976931348623157e308];
const STRING_EDGES = ['', ' ', '\t', '\n', 'null', 'true', '0', '-1', 'NaN', 'Infinity', '__proto__', 'constructor', "' or '1'='1", '"; drop table users; --', '<script>alert(1)</script>', '../../etc/passwd', '%00', '%s%s%s', '${7*7}', '{{7*7}}'];

const unicodeString = fc
  .array(fc.oneof(fc.constantFrom(...UNICODE_EDGES), fc.string({ unit: 'binary', maxLength: 4 }), fc.string({ maxLength: 4 })), { maxLength: 12 })
  .map((parts) => parts.join(''));
const hugeString = fc
  .tuple(fc.constantFrom(201, 1_001, 10_001, 100_001, 600_000, 1_100_000), fc.constantFrom('x', '长', '😀', '\u200B'))
  .map(([n, ch]) => ch.repeat(Math.ceil(n / ch.length)));
const DEEP = '"__DEEP__"';
const deepNesting = fc.tuple(fc.constantFrom(64, 1_000, 10_000, 100_000), fc.constantFrom('[', '{"a":')).map(([n, open]) => ({ deep: n, open }));

/** Anything at all: the values that break parsers, validators and databases. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { '': '' }, ...NUMBER_EDGES, ...STRING_EDGES) },
  { weight: 3, arbitrary: unicodeString },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deepNesting },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(...ID_POOL, ...STRING_POOL) },
);

function resolve(s: JsonSchema | undefined): JsonSchema {
  if (!s) return {};
  if (s.$ref) return resolve(doc.components?.schemas?.[String(s.$ref).split('/').pop()!]);
  return s;
}

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  const max = Math.min(s.maxLength ?? 40, 60);
  const min = Math.min(s.minLength ?? 0, max);
  if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...ID_POOL), fc.uuid(), fc.uuid().map((u) => u.toUpperCase()));
  if (s.format === 'email') return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 254));
  if (s.format === 'date') return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  const plain = fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ unit: 'binary', minLength: min, maxLength: max }), fc.constantFrom(...STRING_POOL));
  if (s.pattern) {
    try {
      return fc.oneof(fc.stringMatching(new RegExp(s.pattern)), plain);
    } catch {
      return plain;
    }
  }
  return plain;
}

/** Values the schema allows (mostly): the starting point the mutations break. */
function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a: JsonSchema) => valueFor(a, depth + 1)));
  if (s.allOf) return valueFor(Object.assign({}, ...s.allOf.map(resolve)), depth);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : ['any'];
  const arbs = types.map((t): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'null':
        return fc.constant(null);
      case 'string':
        return stringFor(s);
      case 'integer':
        return fc.oneof(
          fc.integer({ min: Math.max(s.minimum ?? -(2 ** 31), -(2 ** 31)), max: Math.min(s.maximum ?? 2 ** 31 - 1, 2 ** 31 - 1) }),
          fc.constantFrom(...[s.minimum, s.maximum, 1, 2].filter((n) => typeof n === 'number')),
        );
      case 'number':
        return fc.double({ min: s.minimum ?? -1e12, max: s.maximum ?? 1e12, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 4 ? fc.constant([]) : fc.array(valueFor(s.items, depth + 1), { maxLength: Math.min(s.maxItems ?? 4, 4) });
      case 'object': {
        if (depth > 4 || !s.properties) return fc.constant({});
        const props = Object.fromEntries(Object.entries<JsonSchema>(s.properties).map(([k, v]) => [k, valueFor(v, depth + 1)]));
        return fc.record(props, { requiredKeys: s.required ?? [] });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  });
  return arbs.length === 1 ? arbs[0] : fc.oneof(...arbs);
}

type Mutation =
  | { kind: 'valid' }
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'drop'; pick: number }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'whole'; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'valid' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: nasty }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('extra' as const), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'id', 'passwordHash', 'version'), unicodeString), value: nasty }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: nasty }) },
);

/** Applies a mutation somewhere in a value (a field of an object, an element of an array, or the whole). */
function mutate(value: unknown, m: Mutation): unknown {
  if (m.kind === 'valid') return value;
  if (m.kind === 'whole') return m.value;
  if (value === null || typeof value !== 'object') return m.kind === 'replace' ? m.value : value;
  const copy: any = Array.isArray(value) ? [...value] : { ...value };
  if (m.kind === 'extra') {
    if (Array.isArray(copy)) copy.push(m.value);
    else Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    return copy;
  }
  const keys = Object.keys(copy);
  if (!keys.length) return m.kind === 'replace' ? m.value : copy;
  const key = keys[m.pick % keys.length];
  if (m.kind === 'drop') {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
    return copy;
  }
  // Half the time go one level deeper, so nested fields are broken too.
  copy[key] = m.pick % 2 && copy[key] && typeof copy[key] === 'object' ? mutate(copy[key], { ...m, pick: Math.floor(m.pick / 2) }) : m.value;
  return copy;
}

/** JSON text for a value; deep nesting is written as text (a structure that deep would overflow JSON.stringify). */
function toJson(value: unknown): string {
  const deep: { deep: number; open: string }[] = [];
  const text = JSON.stringify(value, (_k, v) => {
    if (v && typeof v === 'object' && 'deep' in v && 'open' in v && Object.keys(v).length === 2) {
      deep.push(v as { deep: number; open: string });
      return '__DEEP__';
    }
    return v;
  });
  if (text === undefined) return 'null';
  let i = 0;
  return text.replace(new RegExp(DEEP, 'g'), () => {
    const d = deep[i++];
    return d.open === '[' ? '['.repeat(d.deep) + ']'.repeat(d.deep) : '{"a":'.repeat(d.deep) + '1' + '}'.repeat(d.deep);
  });
}

const RAW_BODIES = ['', '{', '{"a":', '{"a":1,"a":2}', '[', 'nul', '\uFEFF{}', '{"\\ud800":1}', '{"a":"\\u0000"}', '{"a":1e999}', '{"a":-1e999}', '{"a":0x10}', "{'a':1}", '{"a":1}{"b":2}', '\u0000', '9'.repeat(5000)];
const CONTENT_TYPES = ['application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''];

/** Percent-encodes text as UTF-8; a lone surrogate is written as its (invalid) three raw bytes. */
function pct(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) out += `%${(0xe0 | (cp >> 12)).toString(16)}%${(0x80 | ((cp >> 6) & 0x3f)).toString(16)}%${(0x80 | (cp & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}
const RAW_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%00', '%2e%2e', '..', '.', '%2F', 'a%20b', '~', '%F0%9F%98%80', 'x'.repeat(3000)];
const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ID_POOL) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  { weight: 1, arbitrary: fc.constantFrom(...STRING_POOL, ...STRING_EDGES.filter(Boolean)).map(pct) },
  { weight: 1, arbitrary: unicodeString.filter((s) => s.length > 0).map(pct) },
);
const queryValue = (s: JsonSchema): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: valueFor(s).map((v) => pct(typeof v === 'string' ? v : JSON.stringify(v) ?? '')) },
    { weight: 1, arbitrary: nasty.map((v) => pct(typeof v === 'string' ? v.slice(0, 5000) : toJson(v).slice(0, 5000))) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS, '', '1&page=2', 'a=b=c') },
  );

interface FuzzRequest {
  path: string;
  body?: string;
  contentType?: string;
}

/** One request for an operation: path parameters, query and body, each valid or broken. */
function requestFor(path: string, method: string, op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const pathArb = fc.tuple(...pathParams.map((p) => fc.oneof({ weight: 3, arbitrary: valueFor(p.schema).map((v) => pct(String(v))) }, { weight: 2, arbitrary: segment })));
  const queryArb = fc.array(
    fc.oneof(
      { weight: 4, arbitrary: queryParams.length ? fc.constantFrom(...queryParams).chain((p) => queryValue(p.schema).map((v) => `${p.name}=${v}`)) : fc.constant('') },
      { weight: 1, arbitrary: fc.tuple(unicodeString, queryValue({})).map(([k, v]) => `${pct(k)}=${v}`) },
      { weight: 1, arbitrary: fc.constantFrom('%', '&&', '=', '==', '?', '#', 'page[]=1', 'page=1&page=2', 'pageSize=1e3', 'pageSize=0x10', 'sort=__proto__') },
    ),
    { maxLength: 4 },
  );
  const hasBody = ['post', 'put', 'patch', 'delete'].includes(method);
  const bodyArb: fc.Arbitrary<{ body?: string; contentType?: string }> = !hasBody
    ? fc.constant({})
    : fc.oneof(
        { weight: 8, arbitrary: fc.tuple(valueFor(bodySchema ?? { type: 'object' }), mutation).map(([v, m]) => ({ body: toJson(mutate(v, m)), contentType: 'application/json' })) },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((body) => ({ body, contentType: 'application/json' })) },
        { weight: 1, arbitrary: fc.tuple(valueFor(bodySchema ?? { type: 'object' }), fc.constantFrom(...CONTENT_TYPES)).map(([v, contentType]) => ({ body: toJson(v), contentType })) },
        { weight: 1, arbitrary: fc.constant({}) },
      );
  return fc.tuple(pathArb, queryArb, bodyArb).map(([segments, query, body]) => {
    let i = 0;
    const p = path.replace(/\{[^}]+\}/g, () => segments[i++] as string);
    const q = query.filter(Boolean).join('&');
    return { path: q ? `${p}?${q}` : p, ...body };
  });
}

// ---------------------------------------------------------------------------------------------

const ERROR_CODES = new Set(Object.keys(errorStatus));
const stats = { requests: 0, byStatus: new Map<number, number>(), relogins: 0 };

async function send(agent: Agent, method: string, req: FuzzRequest) {
  const headers: Record<string, string> = { 'accept-language': Math.random() < 0.5 ? 'zh-CN' : 'en-US' };
  if (agent.cookie) headers.cookie = agent.cookie;
  if (agent.csrf && method !== 'GET') headers['x-csrf-token'] = agent.csrf;
  if (req.contentType) headers['content-type'] = req.contentType;
  const res = await ctx.app.request(req.path, { method: method.toUpperCase(), headers, body: req.body });
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    // A streamed answer (a spreadsheet) that failed after its 200 had gone out.
    throw new Error(`the body broke off after ${res.status}: ${method.toUpperCase()} ${req.path.slice(0, 300)}: ${(e as Error).message.slice(0, 300)}`, { cause: e });
  }
  stats.requests++;
  stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
  return { status: res.status, text, headers: res.headers };
}

/** The response contract: no 5xx; an error is `{ error: { code, message, details?, requestId } }` and nothing else. */
function check(method: string, req: FuzzRequest, res: { status: number; text: string; headers: Headers }) {
  const where = `${method.toUpperCase()} ${req.path.slice(0, 300)} body=${(req.body ?? '').slice(0, 300)} -> ${res.status} ${res.text.slice(0, 300)}`;
  if (res.status >= 500) throw new Error(`server error: ${where}`);
  if (res.status < 400) return;
  if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) throw new Error(`error not JSON: ${where}`);
  const body = JSON.parse(res.text);
  const e = body?.error;
  const shapeOk =
    Object.keys(body).length === 1 &&
    e &&
    typeof e === 'object' &&
    Object.keys(e).every((k) => ['code', 'message', 'details', 'requestId'].includes(k)) &&
    typeof e.code === 'string' &&
    ERROR_CODES.has(e.code) &&
    typeof e.message === 'string' &&
    e.message.length > 0 &&
    typeof e.requestId === 'string' &&
    e.requestId === res.headers.get('x-request-id') &&
    (e.details === undefined || (Array.isArray(e.details) && e.details.every((d: any) => typeof d.path === 'string' && typeof d.message === 'string')));
  if (!shapeOk) throw new Error(`error not in the standard shape: ${where}`);
  if (/\n\s+at |node_modules|\.ts:\d+/.test(res.text)) throw new Error(`stack trace in an error: ${where}`);
}

/** Fuzzing may sign a caller out (a revoked session, a changed role): sign in again, so coverage stays. */
async function stillSignedIn(agent: typeof bureau) {
  if ((await agent.get('/api/auth/me')).status === 200) return;
  stats.relogins++;
  agent.cookie = undefined;
  const res = await agent.login(agent.username, agent.password);
  if (res.status !== 200) throw new Error(`could not sign ${agent.username} in again: ${res.text}`);
}

const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op, key: `${method.toUpperCase()} ${path}` })));
const isPublic = (op: Operation) => !op.security || op.security.length === 0;
// Each operation is fuzzed as the bureau and as staff; a public one also anonymously (at half the runs).
const slots = operations.reduce((n, o) => n + (o.path === '/api/auth/logout' ? 1 : isPublic(o.op) ? 2.5 : 2), 0);
const RUNS = Math.ceil(TARGET / slots);

describe(`fuzzing every JSON endpoint (seed ${SEED})`, () => {
  it('finds the operations in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it.each(operations.map((o) => [o.key, o] as const))('%s', async (_key, { path, method, op }) => {
    // Signing out ends the caller's session: fuzz it anonymously only.
    const callers = path === '/api/auth/logout' ? [new Agent(ctx)] : isPublic(op) ? [bureau, staff, new Agent(ctx)] : [bureau, staff];
    for (const [i, agent] of callers.entries()) {
      await fc.assert(
        fc.asyncProperty(requestFor(path, method, op), async (req) => {
          check(method, req, await send(agent, method, req));
        }),
        { numRuns: i === 2 ? Math.ceil(RUNS / 2) : RUNS, seed: SEED + i, endOnFailure: false },
      );
    }
    await stillSignedIn(bureau);
    await stillSignedIn(staff);
  });

  it('sent at least 10,000 requests, and the server is healthy afterwards', async () => {
    const health = await new Agent(ctx).get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', db: 'ok' });
    expect((await bureau.get('/api/auth/me')).status).toBe(200);
    if (TARGET >= 11_000) expect(stats.requests).toBeGreaterThanOrEqual(10_000);
  });
});

afterAll(() => {
  const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
  process.stdout.write(`fuzz: ${stats.requests} requests over ${operations.length} operations (seed ${SEED}); statuses ${statuses}; re-sign-ins ${stats.relogins}\n`);
});
