/**
 * Enterprise import end to end: a ROWS-row .xlsx (120,000 by default) uploaded by the bureau through
 * POST /api/enterprises/imports → job → done, against the real server, on PGlite (a temporary data
 * directory) or on PostgreSQL (DATABASE_URL, an empty database). Then the same file again (a re-import:
 * every row is already there). Prints rows/s (wall clock and per CPU-second of the server process)
 * and the server's resident memory before and at its peak, sampled from /proc; on a local PostgreSQL,
 * the CPU seconds of its backends too (the import's wall clock is the server's work and the
 * database's, on the same cores).
 *
 *   npx tsx bench/enterprise-import.ts
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipstation_import_bench npx tsx bench/enterprise-import.ts
 *   # ROWS=120000 by default
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { IMPORT_COLUMNS } from '../server/src/modules/enterprises/enterprises.import';
import { enterpriseUscc } from '../server/src/seed/network';
import { serverNodeArgs } from '../server/src/start-args';

const ROWS = Number(process.env.ROWS ?? 120_000);
const PASSWORD = 'Bench-Pass-2026!';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-import-bench-'));
const DISTRICTS = ['南山区', '福田区', '宝安区', '龙岗区', '龙华区', '罗湖区', '光明区', '坪山区', '盐田区'];
const CLUSTERS = ['C01', 'C02', 'C06', 'C13', 'C17', 'F03'];

async function writeWorkbook(file: string) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = wb.addWorksheet('企业名单');
  sheet.addRow(IMPORT_COLUMNS.map((c) => c.header)).commit();
  for (let i = 0; i < ROWS; i++) {
    // Codes far above the seed's, so the first run creates every row.
    const uscc = enterpriseUscc('440305', 900_000 + i);
    sheet
      .addRow([uscc, `深圳市基准测试${i}号科技有限公司`, DISTRICTS[i % DISTRICTS.length], CLUSTERS[i % CLUSTERS.length], i % 3 === 0 ? '是' : '', i % 10 === 0 ? '是' : '', '', '', '', ''])
      .commit();
  }
  await wb.commit();
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Resident set and CPU time (user + system, seconds) of a process, from /proc. */
function usage(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { rssMb: rssKb / 1024, cpuS: ticks / 100 };
}

/**
 * CPU seconds of the PostgreSQL backends serving the bench's database (when it runs on this
 * machine): sampled while an import runs, as the server's pool may open and close connections.
 */
function databaseCpu(url: string | undefined) {
  if (!url || !/@(127\.0\.0\.1|localhost)[:/]/.test(url)) return null;
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  const seen = new Map<number, { first: number; last: number }>();
  const cpuOf = (pid: number) => {
    try {
      return usage(pid).cpuS;
    } catch {
      return null; // gone
    }
  };
  return {
    async sample(fresh = false) {
      await connected;
      const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      for (const { pid } of rows) {
        const cpu = cpuOf(pid);
        if (cpu === null) continue;
        const known = seen.get(pid);
        if (known && !fresh) known.last = cpu;
        else seen.set(pid, { first: fresh ? cpu : 0, last: cpu });
      }
    },
    async reset() {
      seen.clear();
      await this.sample(true);
    },
    seconds: () => [...seen.values()].reduce((s, v) => s + v.last - v.first, 0),
    close: () => client.end(),
  };
}
const dbCpu = databaseCpu(process.env.DATABASE_URL);

const xlsx = path.join(dir, 'enterprises.xlsx');
const t0 = Date.now();
await writeWorkbook(xlsx);
const bytes = fs.statSync(xlsx).size;
console.log(`wrote ${ROWS} rows (${(bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const port = await freePort();
const env = {
  ...process.env,
  PORT: String(port),
  DATA_DIR: path.join(dir, 'data'),
  IPSTATION_DEMO_PASSWORD: PASSWORD,
  IPSTATION_LOG_LEVEL: 'warn',
  IPSTATION_LOGIN_RATE_PER_MIN: '1000',
};
// The demo network is seeded by the CLI first (when the database is empty), so the server process
// measured here is one that starts on existing data, as in production.
const seeded = spawnSync(process.execPath, ['bin/ipstation.mjs', 'seed'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
if (seeded.status !== 0) throw new Error('seed failed');
// SERVER_NODE_ARGS adds node options to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
// SERVER_STDOUT names a file for the server's standard output (e.g. with SERVER_NODE_ARGS=--trace-gc).
const extraNodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const server = spawn(process.execPath, [...extraNodeArgs, ...serverNodeArgs(process.env.IPSTATION_HEAP_MB)], { env: { ...env, IPSTATION_SEED: 'none' }, stdio: ['ignore', process.env.SERVER_STDOUT ? fs.openSync(process.env.SERVER_STDOUT, 'w') : 'ignore', 'inherit'] });
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    /* not up yet */
  }
  if (i > 600) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 500));
}

const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bureau', password: PASSWORD }) });
if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
const cookie = login.headers.get('set-cookie')!.split(';')[0];
const { csrfToken } = (await login.json()) as { csrfToken: string };

async function importOnce(label: string) {
  const before = usage(server.pid!);
  let peak = before.rssMb;
  await dbCpu?.reset();
  let ticks = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, usage(server.pid!).rssMb);
    if (++ticks % 5 === 0) void dbCpu?.sample();
  }, 100);
  const started = Date.now();
  const form = new FormData();
  form.set('mode', 'all');
  form.set('file', new File([fs.readFileSync(xlsx)], 'enterprises.xlsx'));
  const res = await fetch(`${base}/api/enterprises/imports`, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': csrfToken } });
  if (res.status !== 202) throw new Error(`import: ${res.status} ${await res.text()}`);
  const { jobId } = (await res.json()) as { jobId: string };
  let job: { status: string; result: unknown; progressMessage: string | null };
  for (;;) {
    const r = await fetch(`${base}/api/jobs/${jobId}`, { headers: { cookie } });
    job = ((await r.json()) as { data: typeof job }).data;
    if (job.status === 'succeeded' || job.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  clearInterval(sampler);
  await dbCpu?.sample();
  const seconds = (Date.now() - started) / 1000;
  const after = usage(server.pid!);
  const cpu = after.cpuS - before.cpuS;
  const line = {
    run: label,
    status: job.status,
    seconds: Number(seconds.toFixed(1)),
    rowsPerSecond: Math.round(ROWS / seconds),
    rowsPerCpuSecond: Math.round(ROWS / cpu),
    serverCpuS: Number(cpu.toFixed(1)),
    databaseCpuS: dbCpu ? Number(dbCpu.seconds().toFixed(1)) : null,
    loadAverage: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    rssBeforeMb: Math.round(before.rssMb),
    rssPeakMb: Math.round(peak),
    counts: (job.result as { counts?: unknown } | null)?.counts ?? job.progressMessage,
  };
  console.log(JSON.stringify(line));
  return line;
}

const first = await importOnce('new enterprises');
const again = await importOnce('re-import of the same file');
console.log(`\n| run | rows/s | server CPU s (rows per CPU-s) | database CPU s | RSS before → peak (MB) | load | status |\n|---|---|---|---|---|---|---|`);
for (const r of [first, again]) {
  console.log(`| ${r.run} | ${r.rowsPerSecond} | ${r.serverCpuS} (${r.rowsPerCpuSecond}) | ${r.databaseCpuS ?? '—'} | ${r.rssBeforeMb} → ${r.rssPeakMb} | ${r.loadAverage} | ${r.status} |`);
}
await dbCpu?.close();
server.kill('SIGTERM');
fs.rmSync(dir, { recursive: true, force: true });
