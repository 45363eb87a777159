import { Readable } from 'node:stream';
import { createCorpus } from '../../../bench/search-corpus';
import type { AppDeps } from '../deps';
import { applicationCheckChar } from '../modules/patents/patents.numbers';
import { importPatents } from '../modules/patents/patents.import';

/** Synthetic records beside the hand-made ones: enough for facets and paging to mean something. */
export const DEMO_PATENT_COUNT = 600;

const TOPICS = ['耐高温', '阻燃', '高孔隙率', '低收缩', '陶瓷涂覆', '超薄'];

/**
 * Six hand-made records of the demo enterprise 深圳市鹏城锂电科技有限公司 and a neighbour, on
 * sodium-ion battery separators (a phrase the synthetic vocabulary never forms): four classed in
 * H01M, two in C08J. The browser journey of patent search works on these.
 */
export function handMadePatents() {
  return TOPICS.map((topic, i) => {
    const h01m = i < 4;
    const digits = `2023109${String(87650 + i).padStart(5, '0')}`;
    const ipc = h01m ? [`H01M 50/4${String(i).padStart(2, '0')}`, 'H01M 10/054'] : [`C08J 5/1${i}`, 'B32B 27/32'];
    return {
      applicationNumber: `${digits}.${applicationCheckChar(digits)}`,
      publicationNumber: `CN11798765${i}A`,
      kindCode: 'A',
      type: 'invention',
      title: `一种${topic}钠离子电池隔膜及其制备方法`,
      abstract: `本发明公开了一种${topic}钠离子电池隔膜，包括聚烯烃基膜和功能涂层，提高了钠离子电池的安全性和循环寿命。`,
      mainClaim: `1. 一种${topic}钠离子电池隔膜，其特征在于，包括基膜和设置于基膜表面的涂层。`,
      claims: '2. 根据权利要求1所述的隔膜，其特征在于，所述涂层的厚度为1-5微米。\n3. 根据权利要求2所述的隔膜，其特征在于，所述基膜为聚乙烯或聚丙烯。',
      applicants: [h01m ? '深圳市鹏城锂电科技有限公司' : '深圳市海纳新材料有限公司'],
      inventors: ['王伟', '李娜'],
      agency: '深圳市知信专利代理事务所（普通合伙）',
      mainIpc: ipc[0],
      ipc,
      filingDate: `2023-0${i + 1}-15`,
      publicationDate: `2024-0${i + 1}-20`,
      legalStatus: 'under_examination',
    };
  });
}

/**
 * Patent records for the demo's search pages, imported the way an upload is (same validation,
 * indexing and upsert), so a fresh `npm start` has something to search. Returns how many were stored.
 */
export async function seedDemoPatents(deps: AppDeps, count = DEMO_PATENT_COUNT): Promise<number> {
  const next = createCorpus(2026);
  const lines = handMadePatents().map((record) => JSON.stringify(record));
  for (let i = 0; i < count; i++) lines.push(JSON.stringify(next()));
  const { counts } = await importPatents(deps, Readable.from([Buffer.from(lines.join('\n'), 'utf8')]), 'jsonl');
  return counts.inserted + counts.updated;
}
