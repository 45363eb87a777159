import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

const require = createRequire(import.meta.url);
let jieba: Jieba | undefined;

/** The jieba instance with the dictionary it ships, loaded once on first use (about 0.2 s). */
function instance(): Jieba {
  if (!jieba) {
    const { Jieba: J } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = J.withDict(dict);
  }
  return jieba;
}

/** Search-mode segmentation (long words and the shorter words inside them); no HMM, so it is deterministic. */
export function searchWords(text: string): string[] {
  if (!text) return [];
  return instance().cutForSearch(text, false);
}
