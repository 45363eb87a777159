import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject, test } from 'vitest';
import { REPO_ROOT } from './server';

const ARTIFACTS = join(REPO_ROOT, 'e2e/artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Journey {
  baseUrl: string;
  context: BrowserContext;
  page: Page;
}

let browser: Browser | null = null;

/** Call once at the top of a spec file: one Chromium per file, a fresh context per journey. */
export function useBrowser(): void {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    browser = null;
  });
}

export async function newContext(locale = 'zh-CN'): Promise<BrowserContext> {
  if (!browser) throw new Error('useBrowser() was not called in this spec file');
  // Reduced motion: the app then turns off antd's animations, so clicks never land mid-animation.
  return browser.newContext({ baseURL: inject('baseUrl'), locale, viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
}

function slug(text: string): string {
  return text.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/**
 * A browser journey. On failure, a screenshot of every open page and a Playwright trace
 * (open with `npx playwright show-trace`) go to e2e/artifacts/.
 */
export function journey(name: string, body: (journey: Journey) => Promise<void>, timeout?: number): void {
  test(
    name,
    async () => {
      const context = await newContext();
      await context.tracing.start({ screenshots: true, snapshots: true, sources: false });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      context.on('weberror', (webError) => pageErrors.push(webError.error().message));
      try {
        await body({ baseUrl: inject('baseUrl'), context, page });
        if (pageErrors.length > 0) throw new Error(`uncaught errors in the page:\n${pageErrors.join('\n')}`);
        await context.tracing.stop();
      } catch (error) {
        await mkdir(ARTIFACTS, { recursive: true });
        const base = join(ARTIFACTS, `${slug(name)}-${Date.now()}`);
        await Promise.all(
          context.pages().map((open, index) => open.screenshot({ path: `${base}-page${index + 1}.png`, fullPage: true }).catch(() => undefined)),
        );
        await context.tracing.stop({ path: `${base}-trace.zip` }).catch(() => undefined);
        throw error;
      } finally {
        await context.close();
      }
    },
    timeout,
  );
}
