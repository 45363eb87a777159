import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * Waits until loading spinners are gone and finite CSS animations (modal zoom, fades) are over, so
 * colours are measured as a person sees them once the page is ready.
 */
async function settle(page: Page): Promise<void> {
  // A function, not a string: the app's CSP forbids eval. The page's globals are untyped here
  // because this project's type-check has no DOM library.
  await page
    .waitForFunction(
      () => {
        const doc = (globalThis as any).document;
        const running = doc.getAnimations().filter((animation: any) => animation.playState === 'running');
        return !doc.querySelector('.ant-spin-spinning') && running.every((animation: any) => animation.effect?.getComputedTiming().iterations === Infinity);
      },
      undefined,
      { timeout: 5_000, polling: 100 },
    )
    .catch(() => undefined);
}

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation.
 * `within` limits the scan to one part, e.g. an open dialog (the page behind its mask is dimmed
 * on purpose and scanned on its own).
 */
export async function expectAccessible(page: Page, where: string, within?: string): Promise<void> {
  await settle(page);
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (within) builder = builder.include(within);
  const results = await builder.analyze();
  const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  if (blocking.length === 0) return;
  const report = blocking
    .map(
      (violation) =>
        `- [${violation.impact}] ${violation.id}: ${violation.help}\n` +
        violation.nodes
          .slice(0, 5)
          .map((node) => `    ${node.target.join(' ')} — ${node.failureSummary?.replace(/\n/g, ' ')}`)
          .join('\n'),
    )
    .join('\n');
  throw new Error(`accessibility violations on ${where} (${page.url()}):\n${report}`);
}
