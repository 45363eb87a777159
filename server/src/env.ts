import os from 'node:os';
import { z } from 'zod';

/**
 * The only reader of process.env. Every problem is listed at once, each naming the variable,
 * so an operator fixes a bad configuration in one pass.
 */
const intFrom = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: intFrom(3000, 0, 65535),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://'),
  IPSTATION_DEMO_PASSWORD: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  IPSTATION_SEED: z.enum(['demo', 'none']).default('demo'),
  IPSTATION_LOGIN_RATE_PER_MIN: intFrom(20, 1, 1_000_000),
  IPSTATION_LOGIN_MAX_FAILURES: intFrom(5, 1, 1_000_000),
  IPSTATION_API_RATE_PER_MIN: intFrom(600, 1, 10_000_000),
  IPSTATION_SESSION_IDLE_MINUTES: intFrom(30, 1, 24 * 60),
  IPSTATION_SESSION_MAX_HOURS: intFrom(12, 1, 24 * 7),
  /** Memory for cached list pages, and as much again for the searches' memo (megabytes); 0 turns the read caches off. */
  IPSTATION_READ_CACHE_MB: intFrom(32, 0, 4096),
  /**
   * Worker threads that compute imported records' index keys (workers/pool.ts); default every CPU
   * but the import's own thread (none on one CPU); 0 computes them on the import's thread.
   */
  // On two CPUs one worker: on a quiet machine the import ran 10-15% faster with it (bench/README.md).
  IPSTATION_WORKER_THREADS: intFrom(Math.max(0, os.availableParallelism() - 1), 0, 256),
  /**
   * The embedded database's buffer pool (PGlite's shared_buffers), in megabytes; unset or "auto":
   * sized at each start by the data directory (db/client.ts pgliteBuffersMb). PGlite touches the
   * whole pool when it starts, so it is resident memory from the first moment.
   */
  IPSTATION_PGLITE_BUFFERS_MB: z
    .string()
    .optional()
    .transform((v, ctx): number | 'auto' => {
      if (v === undefined || v === '' || v === 'auto') return 'auto';
      const n = Number(v);
      if (!Number.isInteger(n) || n < 16 || n > 1024) {
        ctx.addIssue({ code: 'custom', message: 'must be "auto" or a whole number of megabytes from 16 to 1024' });
        return z.NEVER;
      }
      return n;
    }),
  IPSTATION_AUDIT_RETENTION_DAYS: intFrom(3650, 180, 100_000),
  IPSTATION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  IPSTATION_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  IPSTATION_PUBLIC_URL: z.string().url().optional(),
  /** Case time limits set for this deployment: "type.clock=amount,…" (e.g. "consultation.answer=7"), in each rule's unit. */
  IPSTATION_CASE_LIMITS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const limits: Record<string, number> = {};
      for (const part of (v ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
        const m = /^([a-z_]+\.[a-z_]+)=(\d{1,4})$/.exec(part);
        if (!m || Number(m[2]) < 1) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not type.clock=amount (a whole number from 1), e.g. consultation.answer=7` });
          return z.NEVER;
        }
        limits[m[1]!] = Number(m[2]);
      }
      return limits;
    }),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: intFrom(587, 1, 65535),
  SMTP_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('ipstation <no-reply@ipstation.local>'),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}

/**
 * The server refuses production mode on the embedded database: PGlite never forces a commit to disk
 * (fsync is off and its file system layer has no fsync), so a power failure can lose acknowledged
 * data or damage the data directory (docs/OPERATIONS.md, "Crash safety of the embedded database").
 * The CLI may still open embedded data in production mode, to back it up and move it to a server.
 */
export function assertServerDurability(env: Env) {
  if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
    throw new EnvError([
      'NODE_ENV=production needs DATABASE_URL: the embedded database does not survive a power failure ' +
        '(docs/OPERATIONS.md). Move the data with `npx ipstation backup DIR` and, with DATABASE_URL set, `npx ipstation restore DIR`.',
    ]);
  }
}
