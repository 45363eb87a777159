// A worker thread of workers/pool.ts. Plain JavaScript, because the thread may start without the
// TypeScript loader its parent used (the CLI registers it in code, the test runner transforms on its
// own): it registers tsx itself, then loads the tasks. A task's typed arrays are handed over to the
// parent thread, not copied.
import { register } from 'tsx/esm/api';
import { move, transferableSymbol, valueSymbol } from 'piscina';

register();
const { worker } = await import('./keys.tasks.ts');

export default function run({ task, arg }) {
  const value = worker[task](arg);
  const buffers = Object.values(value).filter((v) => ArrayBuffer.isView(v)).map((v) => v.buffer);
  return move({ [transferableSymbol]: buffers, [valueSymbol]: value });
}
