import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_MB, serverNodeArgs } from './start-args';

describe('server start arguments', () => {
  it('npm start runs node with the same arguments the tests and benchmarks use', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${serverNodeArgs('${IPSTATION_HEAP_MB:-' + DEFAULT_HEAP_MB + '}').join(' ')}`);
  });

  it('caps the heap at the default unless a size is given', () => {
    expect(serverNodeArgs()[0]).toBe('--max-old-space-size=256');
    expect(serverNodeArgs('')[0]).toBe('--max-old-space-size=256');
    expect(serverNodeArgs('512')[0]).toBe('--max-old-space-size=512');
  });
});
