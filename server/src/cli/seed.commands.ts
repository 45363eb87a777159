import { sql } from 'drizzle-orm';
import { isStrongPassword } from '../../../shared/src/account.schemas';
import { newDemoPassword, seedDemo } from '../seed/demo';
import { SCALES } from '../seed/network';
import { CliError, message, note, out, withDeps } from './run';

/**
 * `seed --scale demo|shenzhen`: the demo network (130 workstations; 12,000 enterprises, 300 cases and 50,000 ledger rows,
 * or 120,000 enterprises, 200,000 cases over five years and 500,000 ledger rows), once; the password
 * is IPSTATION_DEMO_PASSWORD or a new one, printed.
 */
export async function seed(opts: { scale: 'demo' | 'shenzhen' }) {
  await withDeps(
    'seed',
    async (deps) => {
      const fromEnv = deps.env.IPSTATION_DEMO_PASSWORD;
      const password = fromEnv ?? newDemoPassword();
      const started = Date.now();
      const { seeded, accounts, counts } = await seedDemo(deps, password, SCALES[opts.scale]);
      if (!seeded) {
        out('the demo network is already seeded; nothing to do');
        return;
      }
      // Lists count from their indexes alone once the visibility map is set, which only VACUUM does
      // (autovacuum gets there later on its own): set it now, after the bulk load.
      await deps.db.execute(sql`vacuum (analyze)`);
      out(`${opts.scale} network seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
      for (const a of accounts) out(`  ${a.username.padEnd(12)} ${a.role.padEnd(18)} ${a.organization}`);
      out(`password for every demo account: ${password}${fromEnv ? ' (from IPSTATION_DEMO_PASSWORD)' : ''}`);
      if (!fromEnv) note('the generated password is shown only now');
    },
    {
      beforeOpen: (env) => {
        if (env.IPSTATION_DEMO_PASSWORD && !isStrongPassword(env.IPSTATION_DEMO_PASSWORD)) {
          throw new CliError(`IPSTATION_DEMO_PASSWORD: ${message('validation.password_weak')}`);
        }
      },
    },
  );
}
