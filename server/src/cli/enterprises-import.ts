import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../deps';
import { presentLine, runImport, type ImportMode } from '../modules/enterprises/enterprises.import';
import { workstationByIdOrName } from '../modules/organizations/organizations.service';
import { CLI_LOCALE, CliError, EXIT, note, out, withDeps } from './run';

/** The operator imports what no upload limit was made for: an initial load of the whole city. */
const CLI_MAX_BYTES = 512 * 1024 * 1024;
const CLI_MAX_ROWS = 2_000_000;

export interface EnterprisesImportOptions {
  dryRun?: boolean;
  validOnly?: boolean;
  /** A workstation (id or exact name): the rows become its members, as its own member-list import. */
  workstation?: string;
}

/**
 * `enterprises import FILE [--dry-run] [--valid-only] [--workstation ID|NAME]`: a registry-level
 * import (like the bureau's; the system is the actor), or with --workstation that workstation's
 * member list (new codes are registered, every row joins its members). Prints the counts and the row report (tab-separated: row, column,
 * value, reason) on stdout. Exit code 1 when rows were refused and --valid-only was not given
 * (with `all`, nothing is imported then), else 0.
 */
export async function runEnterprisesImport(deps: AppDeps, file: string, opts: EnterprisesImportOptions): Promise<number> {
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let workstationId: string | null = null;
  if (opts.workstation !== undefined) {
    const ws = await workstationByIdOrName(deps.db, opts.workstation);
    if (ws === 'ambiguous') throw new CliError(`more than one workstation is named "${opts.workstation}": give its id (npx ipstation org list --type workstation)`);
    if (!ws) throw new CliError(`no workstation "${opts.workstation}": give its id or exact name (npx ipstation org list --type workstation)`);
    workstationId = ws.id;
  }
  const mode: ImportMode = opts.dryRun ? 'dry_run' : opts.validOnly ? 'valid_only' : 'all';
  let lastNote = 0;
  const outcome = await runImport(
    deps,
    { actorId: null, requestId: null, locale: CLI_LOCALE },
    { data, filename: path.basename(file), mode, workstationId },
    {
      maxBytes: CLI_MAX_BYTES,
      maxRows: CLI_MAX_ROWS,
      progress: async (done, total, message) => {
        if (message === 'done' || Date.now() - lastNote < 2_000) return;
        lastNote = Date.now();
        note(`${message ?? ''} ${done}${total ? ` / ${total}` : ''} rows`);
      },
    },
  );
  const c = outcome.counts;
  out(`${outcome.outcome === 'refused' ? 'refused: nothing imported' : outcome.outcome === 'dry_run' ? 'dry run: nothing changed' : 'imported'}`);
  out(`total ${c.total}  valid ${c.valid}  invalid ${c.invalid}  new ${c.new}  joined ${c.joined}  unchanged ${c.unchanged}`);
  if (outcome.lines.length) {
    out('row\tcolumn\tvalue\treason');
    for (const l of outcome.lines) {
      const p = presentLine(l, CLI_LOCALE);
      out([p.row, p.column, p.value, p.reason].map((v) => String(v).replace(/[\t\r\n]+/g, ' ')).join('\t'));
    }
    if (outcome.linesCapped) note('the report was cut short; the counts above are complete');
  }
  if (c.invalid > 0 && !opts.validOnly) {
    note(`${c.invalid} row${c.invalid === 1 ? '' : 's'} refused${mode === 'all' ? '; correct them, or import the valid rows with --valid-only' : ''}`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** The command's action: opens the database, imports, and sets the exit code. */
export async function enterprisesImport(file: string, opts: EnterprisesImportOptions) {
  process.exitCode = await withDeps('enterprises import', (deps) => runEnterprisesImport(deps, file, opts));
}
