import type { TestProject } from 'vitest/node';
import { ensureWebBuilt, startServer } from './support/server';
import { ensureBrowserPackages } from './support/system-packages';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/**
 * One real server for the whole run; journeys read its address with inject('baseUrl').
 * E2E_BASE_URL points the journeys at a server that is already running instead (it must have the
 * demo seed with password Demo-Pass-2026! and IPSTATION_LOGIN_RATE_PER_MIN=1000).
 */
export default async function setup(project: TestProject) {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    project.provide('baseUrl', external.replace(/\/$/, ''));
    return;
  }
  ensureBrowserPackages();
  await ensureWebBuilt();
  const server = await startServer();
  project.provide('baseUrl', server.baseUrl);
  return async () => {
    await server.stop();
  };
}
