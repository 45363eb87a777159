import { organizationTypes, type OrganizationType } from '../db/schema';
import * as orgRepo from '../modules/organizations/organizations.repository';
import { note, out, withDeps } from './run';

const PAGE = 500;

/**
 * `org list`: one organization per line, `id<TAB>type<TAB>name`, grouped by type and sorted by name
 * (pinyin), so an operator can find the ORG_ID for `user create`, or pipe it to grep and cut.
 */
export async function orgList(opts: { type?: OrganizationType; search?: string }) {
  await withDeps('org list', async (deps) => {
    let count = 0;
    for (const type of opts.type ? [opts.type] : organizationTypes) {
      for (let offset = 0; ; offset += PAGE) {
        const { rows } = await orgRepo.list(deps.db, { type, q: opts.search }, { limit: PAGE, offset }, { field: 'name', desc: false });
        for (const o of rows) out(`${o.id}\t${o.type}\t${o.name}${o.active ? '' : ' (inactive)'}`);
        count += rows.length;
        if (rows.length < PAGE) break;
      }
    }
    note(`${count} organization${count === 1 ? '' : 's'}`);
  });
}
