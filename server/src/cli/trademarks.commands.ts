import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../deps';
import { refusedRowLines } from '../i18n/row-problems';
import { formatOf, type ImportFormat } from '../modules/patents/patents.readers';
import { importTrademarks } from '../modules/trademarks/trademarks.import';
import { CLI_LOCALE, CliError, note, out, withDeps } from './run';

/**
 * Imports a trademark file with the given deps: streams it (a million-line file never sits in
 * memory), prints each refused row with its problems on stderr (in the CLI's language, CLI_LOCALE)
 * and the counts on stdout. Refused rows are reported, not fatal: the good rows are kept and the
 * exit code is 0.
 */
export async function runTrademarksImport(deps: AppDeps, file: string, opts: { format?: ImportFormat } = {}) {
  const format = opts.format ?? formatOf(file);
  if (!format) throw new CliError(`cannot tell the format of ${file}: name it .jsonl, .csv or .xlsx, or pass --format`);
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) throw new CliError(`no such file: ${resolved}`);
  const started = Date.now();
  let lastNote = 0;
  const result = await importTrademarks(deps, fs.createReadStream(resolved), format, {
    onProgress: (c) => {
      if (Date.now() - lastNote > 2000) {
        lastNote = Date.now();
        note(`… ${c.read} rows read`);
      }
    },
  });
  if (result.ignoredColumns.length) note(`columns no record field takes, not read: ${result.ignoredColumns.join(', ')}`);
  for (const line of refusedRowLines(result.rejectedRows, CLI_LOCALE)) note(line);
  if (result.counts.rejected > result.rejectedRows.length) note(`… and ${result.counts.rejected - result.rejectedRows.length} more refused rows`);
  const c = result.counts;
  out(`read ${c.read}, created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected} (${((Date.now() - started) / 1000).toFixed(1)} s); watches alerted: ${result.alerts}`);
  return result;
}

/** `trademarks import FILE [--format jsonl|csv|xlsx]`. */
export async function trademarksImport(file: string, opts: { format?: ImportFormat } = {}) {
  await withDeps('trademarks import', (deps) => runTrademarksImport(deps, file, opts));
}
