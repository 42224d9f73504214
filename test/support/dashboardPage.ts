import type { Page } from 'playwright-core';

/** How many answers the dashboard has drawn (`body[data-generation]`). */
export async function renderedGeneration(page: Page): Promise<number> {
  return Number(await page.evaluate(() => document.body.dataset.generation ?? '0'));
}

/** Waits until the page has drawn an answer newer than `after`. */
export async function nextRender(page: Page, after: number): Promise<void> {
  await page.waitForFunction(
    (previous) =>
      document.body.dataset.state === 'ready' && Number(document.body.dataset.generation ?? '0') > previous,
    after,
  );
}
