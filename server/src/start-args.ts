/**
 * How the server process is started. `npm start` runs `node` with these arguments (package.json,
 * where the shell reads IPSTATION_HEAP_MB); the browser tests, the benchmarks and the process tests
 * start the server through this function, and a unit test holds package.json to it.
 *
 * The V8 heap is capped (256 MB unless IPSTATION_HEAP_MB says otherwise): the server's live data is
 * small (an import of 120,000 rows holds ~70 MB, exports and reports stream), and without a cap V8
 * grows the heap with the garbage of a long import until the process holds 1 GB it does not need.
 * With it, a 120,000-row import peaks at 320–360 MB on PostgreSQL (bench/README.md).
 */
export const DEFAULT_HEAP_MB = 256;

export function serverNodeArgs(heapMb: string | number | undefined = DEFAULT_HEAP_MB): string[] {
  return [`--max-old-space-size=${heapMb || DEFAULT_HEAP_MB}`, '--import', 'tsx', 'server/src/main.ts'];
}
