#!/usr/bin/env node
// The `ipstation` command. The CLI is TypeScript run through tsx (a runtime dependency), so there is
// no build step. Paths resolve from this file's real location, so it works as `npx ipstation` in the
// repository and through the node_modules/.bin symlink (Node resolves the symlink for the main module).
import { register } from 'tsx/esm/api';

register();
await import(new URL('../server/src/cli/main.ts', import.meta.url).href);
