import { Command, Option } from 'commander';
import { organizationTypes, roleNames, type OrganizationType } from '../db/schema';
import type { UserCreateOptions } from './user.commands';

/**
 * The ipstation operator CLI. Each command reads the server's environment (env.ts), opens the
 * database through boot() (which migrates) and closes it before exiting. Command code is imported
 * only when its command runs, so `--help` answers without loading the database stack.
 */

const EXAMPLES = `
Examples:
  ipstation seed --scale demo
  ipstation org list --type workstation
  ipstation org list --search 新能源
  ipstation user create --username wangli --password 'Sz-ipstation-2026' --org <id from org list> --role bureau_admin --display-name 王立
  printf '%s' "$PW" | ipstation user create --username sunli --password - --org <id> --role workstation_staff
  ipstation user reset-password --username sunli
  ipstation audit verify
  ipstation audit purge --retention-days 3650
  ipstation backup /var/backups/ipstation-2026-03-02
  DATABASE_URL=postgres://ipstation@db/ipstation ipstation restore /var/backups/ipstation-2026-03-02
  ipstation patents import cnipa-2025.jsonl
  ipstation trademarks import trademarks.csv
  ipstation patents reindex

Environment: the server's (see .env.example). DATA_DIR (embedded database, default ./data) or
DATABASE_URL (PostgreSQL); IPSTATION_SECRET; IPSTATION_DEMO_PASSWORD for seed.
The embedded database is one process's at a time: stop the server on the same DATA_DIR first.

Exit codes: 0 done, 1 failed, 2 the data directory is in use by another process.`;

/** `ipstation user create --username <username> ... [--email <email>]` for every leaf command. */
function commandList(cmd: Command, prefix: string[] = []): string[] {
  return cmd.commands.flatMap((c) => {
    const words = [...prefix, c.name()];
    if (c.commands.length) return commandList(c, words);
    const args = c.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
    const opts = c.options.map((o) => (o.mandatory ? o.flags : `[${o.flags}]`));
    return [`  ipstation ${[...words, ...args, ...opts].join(' ')}`, `      ${c.description()}`];
  });
}

const program: Command = new Command('ipstation')
  .description('ipstation (知保站) operator commands: seed, organizations, users, audit chain, backup and restore, record imports and re-indexing.')
  .showHelpAfterError('(run ipstation --help for usage)')
  .addHelpText('after', () => `\nAll commands:\n${commandList(program).join('\n')}\n${EXAMPLES}\n`);

program
  .command('seed')
  .description('seed the network once (a second run does nothing): demo = 130 workstations, 12,000 enterprises, 300 cases, 50,000 ledger rows; shenzhen = 120,000 enterprises, 200,000 cases over five years, 500,000 ledger rows')
  .addOption(new Option('--scale <scale>', 'how much to seed').choices(['demo', 'shenzhen']).default('demo'))
  .action((opts: { scale: 'demo' | 'shenzhen' }) => import('./seed.commands').then((m) => m.seed(opts)));

const org = program.command('org').description('organizations');
org
  .command('list')
  .description('print id, type and name of each organization (tab-separated), e.g. to find --org for user create')
  .addOption(new Option('--type <type>', 'only this type').choices(organizationTypes))
  .option('--search <text>', 'only names or credit codes containing this text')
  .action((opts: { type?: OrganizationType; search?: string }) => import('./org.commands').then((m) => m.orgList(opts)));

const user = program.command('user').description('accounts');
user
  .command('create')
  .description('create an account with its first role; prints the new user id')
  .requiredOption('--username <username>', '3 to 64 letters, digits or _ . -')
  .requiredOption('--password <password>', 'at least 10 characters of three kinds (lower, upper, digit, symbol); "-" reads it from stdin')
  .requiredOption('--org <orgId>', 'id of the organization the role is held in (see: ipstation org list)')
  .addOption(new Option('--role <role>', 'the role in that organization').choices(roleNames).makeOptionMandatory())
  .option('--display-name <name>', 'name shown in the UI (default: the username)')
  .option('--email <email>', 'email address for notifications')
  .option('--must-change-password', 'require a new password at the first sign-in')
  .action((opts: UserCreateOptions) => import('./user.commands').then((m) => m.userCreate(opts)));
user
  .command('reset-password')
  .description('set a temporary password (printed once, to be changed at the next sign-in) and sign out every session')
  .requiredOption('--username <username>', 'the account')
  .action((opts: { username: string }) => import('./user.commands').then((m) => m.userResetPassword(opts)));

const audit = program.command('audit').description('the tamper-evident audit log');
audit
  .command('verify')
  .description('recompute the audit hash chain; exit 0 when intact, else 1 naming the first broken event')
  .action(() => import('./audit.commands').then((m) => m.auditVerify()));
audit
  .command('purge')
  .description('delete audit events older than the retention period (min 180 days), leaving a signed checkpoint')
  .option('--retention-days <days>', 'keep this many days (default: IPSTATION_AUDIT_RETENTION_DAYS, 3650)')
  .action((opts: { retentionDays?: string }) => import('./audit.commands').then((m) => m.auditPurge(opts)));
audit
  .command('head')
  .description('print the chain\'s current head (last id and hash), signed, to keep outside this server; the server also anchors it every 10 minutes in DATA_DIR/audit-anchors.jsonl and its log')
  .action(() => import('./audit.commands').then((m) => m.auditHeadCommand()));

program
  .command('backup')
  .description('write a logical backup into DIR (new or empty): JSON Lines per table, the stored files, a manifest with row counts and sha256 checksums')
  .argument('<dir>', 'directory to write the backup into')
  .action((dir: string) => import('./backup.commands').then((m) => m.backup(dir)));
program
  .command('restore')
  .description('check a backup\'s checksums and load it into the configured database (DATABASE_URL, else DATA_DIR); an empty database unless --replace')
  .argument('<dir>', 'directory of a backup made by ipstation backup')
  .option('--replace', 'delete the data the target database holds and load the backup instead')
  .action((dir: string, opts: { replace?: boolean }) => import('./backup.commands').then((m) => m.restore(dir, opts)));

const enterprises = program.command('enterprises').description('the enterprise registry');
enterprises
  .command('import')
  .description('import enterprises from .xlsx or .csv into the registry (as the bureau: codes already registered stay unchanged); prints the counts and the row report; exit 1 when rows were refused without --valid-only')
  .argument('<file>', 'the .xlsx or .csv file, laid out like the template (GET /api/enterprises/import-template)')
  .option('--dry-run', 'check every row and report; change nothing')
  .option('--valid-only', 'import the valid rows even when others are refused')
  .option('--workstation <id-or-name>', 'a workstation\'s member list: every valid row joins its members (new codes are registered)')
  .action((file: string, opts: { dryRun?: boolean; validOnly?: boolean; workstation?: string }) => import('./enterprises-import').then((m) => m.enterprisesImport(file, opts)));

const importFormat = () => new Option('--format <format>', 'the file\'s format (default: from its name: .jsonl, .csv, .xlsx)').choices(['jsonl', 'csv', 'xlsx']);

const patents = program.command('patents').description('patent records for search');
patents
  .command('import')
  .description('import patent records (one record per application: re-imports update it); prints the counts, refused rows with their reasons on stderr')
  .argument('<file>', 'JSON Lines, or .csv / .xlsx with the JSON keys (or CNIPA column names) as headers; lists separated by ;')
  .addOption(importFormat())
  .action((file: string, opts: { format?: 'jsonl' | 'csv' | 'xlsx' }) => import('./patents.commands').then((m) => m.patentsImport(file, opts)));

const reindexCommand = (kind: 'patents' | 'trademarks') =>
  new Command('reindex')
    .description(`recompute the search keys of every stored ${kind === 'patents' ? 'patent' : 'trademark'} record (after an upgrade that changes how keys are made, e.g. the full-width fold); in batches, printing progress and the counts; safe to run again`)
    .option('--batch-size <n>', 'records per batch (default 500)')
    .action((opts: { batchSize?: string }) => import('./reindex.commands').then((m) => m.reindex(kind, opts)));
patents.addCommand(reindexCommand('patents'));

const trademarks = program.command('trademarks').description('trademark records for search');
trademarks
  .command('import')
  .description('import trademark records (upsert on the registration number); prints the counts (created, updated, rejected), refused rows with their problems on stderr')
  .argument('<file>', 'JSON Lines, or .csv / .xlsx with the JSON keys (or CNIPA column names) as headers; lists separated by ;')
  .addOption(importFormat())
  .action((file: string, opts: { format?: 'jsonl' | 'csv' | 'xlsx' }) => import('./trademarks.commands').then((m) => m.trademarksImport(file, opts)));
trademarks.addCommand(reindexCommand('trademarks'));

// `ipstation org list | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const { reportError } = await import('./run');
  process.exitCode = reportError(e);
}
// The database is closed by now; an idle handle left behind must not keep a finished command alive.
setTimeout(() => process.exit(), 3000).unref();
