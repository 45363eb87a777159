import type { AppDeps } from '../deps';
import { boot } from '../boot';
import { DataDirLockedError } from '../db/client';
import { EnvError, parseEnv, type Env } from '../env';
import { AppError } from '../errors';
import { hasMessage, translate } from '../i18n/messages';
import { closeWorkers } from '../workers/pool';

/** Exit codes of every command: 0 done, 1 failed, 2 the data directory is held by another process. */
export const EXIT = { ok: 0, failed: 1, locked: 2 } as const;

/** A failure the operator can act on: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

/** Results go to stdout (so scripts can capture them); notes for the person go to stderr. */
export const out = (line: string) => process.stdout.write(`${line}\n`);
export const note = (line: string) => process.stderr.write(`${line}\n`);

/** Operators read the CLI in English, like its help: messages, errors and import row reasons alike. */
export const CLI_LOCALE = 'en-US' as const;

/** i18n keys from shared schemas, rendered in the CLI's language. */
export const message = (keyOrText: string, params?: Record<string, string | number>) =>
  hasMessage(keyOrText) ? translate(CLI_LOCALE, keyOrText, params) : keyOrText;

/**
 * Runs one command against the database: parse env, boot (open + migrate), run, and always close,
 * so the embedded database's lock is released. `beforeOpen` checks what needs no database.
 */
export async function withDeps<T>(
  command: string,
  fn: (deps: AppDeps) => Promise<T>,
  opts: { beforeOpen?: (env: Env) => void } = {},
): Promise<T> {
  const env = parseEnv();
  opts.beforeOpen?.(env);
  const { deps, handle } = await boot(env, { command: `ipstation ${command}`, logLevel: 'warn' });
  try {
    return await fn(deps);
  } finally {
    await closeWorkers();
    await handle.close();
  }
}

const UNREACHABLE_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '28P01', '3D000'];

/** Prints an error as `ipstation: <message>` on stderr and answers the exit code. */
export function reportError(err: unknown): number {
  const say = (text: string) => note(`ipstation: ${text}`);
  if (err instanceof DataDirLockedError) {
    say(err.message);
    return EXIT.locked;
  }
  if (err instanceof CliError) {
    say(err.message);
    return err.exitCode;
  }
  if (err instanceof EnvError) {
    say(err.message);
    return EXIT.failed;
  }
  if (err instanceof AppError) {
    const paths = (err.options.details ?? []).map((d) => (d.message ? `${d.path}: ${message(d.message)}` : d.path));
    say(`${err.render(CLI_LOCALE)}${paths.length ? ` (${paths.join('; ')})` : ''}`);
    return EXIT.failed;
  }
  const code = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  const text = err instanceof Error ? err.message : String(err);
  if (UNREACHABLE_CODES.includes(code)) {
    say(`the database cannot be reached (${text}). Check DATABASE_URL, or unset it to use the embedded database.`);
  } else {
    say(text);
  }
  return EXIT.failed;
}

/** Reads a secret piped on stdin (`--password -`), so it stays out of shell history and `ps`. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
