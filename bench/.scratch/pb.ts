import { createCorpus } from '../search-corpus';
import { hanKeysOf } from '../../server/src/search/indexer';
import { postingsBinary, postingsText } from '../../server/src/search/postings';
const next = createCorpus(42);
const recs: { doc: number; keys: number[] }[] = [];
for (let i = 0; i < 2000; i++) { const r = next() as any; recs.push({ doc: 4096 + i, keys: [...hanKeysOf([r.title, r.abstract, r.mainClaim ?? '', r.claims ?? '']), ...Array.from({ length: 60 }, (_, k) => 0x100000 + ((i * 7 + k * 13) % 3000))] }); }
for (const f of [postingsBinary, postingsText, postingsBinary, postingsText]) {
  const t = performance.now(); let len = 0;
  for (let i = 0; i < 5; i++) len = f(recs).length;
  console.log(f.name, ((performance.now() - t) / 5).toFixed(1), 'ms per batch of 2000', len);
}
