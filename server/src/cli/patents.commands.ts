import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../deps';
import { refusedRowLines } from '../i18n/row-problems';
import { importPatents } from '../modules/patents/patents.import';
import { formatOf, type ImportFormat } from '../modules/patents/patents.readers';
import { CLI_LOCALE, CliError, note, out, withDeps } from './run';

/**
 * Imports a patent file with the given deps: streams the file into the patent records (a
 * million-line file never sits in memory), prints the counts on stdout and each refused row with
 * its problems on stderr, in the CLI's language (English, like its help: CLI_LOCALE).
 * Exit 0 when it ran, even with refused rows; they are reported, not fatal.
 */
export async function runPatentsImport(deps: AppDeps, file: string, opts: { format?: ImportFormat } = {}) {
  const format = opts.format ?? formatOf(file);
  if (!format) throw new CliError(`cannot tell the format of ${file}: name it .jsonl, .csv or .xlsx, or pass --format`);
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) throw new CliError(`no such file: ${resolved}`);
  const started = Date.now();
  let lastNote = 0;
  const result = await importPatents(deps, fs.createReadStream(resolved), format, {
    onProgress: (c) => {
      if (Date.now() - lastNote > 2000) {
        lastNote = Date.now();
        note(`… ${c.read} rows read`);
      }
    },
  });
  if (result.ignoredColumns.length) note(`columns no record field takes, not read: ${result.ignoredColumns.join(', ')}`);
  for (const line of refusedRowLines(result.badRows, CLI_LOCALE)) note(line);
  if (result.counts.bad > result.badRows.length) note(`… and ${result.counts.bad - result.badRows.length} more refused rows`);
  const c = result.counts;
  const secs = (Date.now() - started) / 1000;
  out(`read ${c.read}, new ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}, refused ${c.bad} (${secs.toFixed(1)} s); watches alerted: ${result.alerts}`);
  return result;
}

/** `patents import FILE [--format jsonl|csv|xlsx]`. */
export async function patentsImport(file: string, opts: { format?: ImportFormat } = {}) {
  await withDeps('patents import', (deps) => runPatentsImport(deps, file, opts));
}
