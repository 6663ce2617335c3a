import type { Page } from 'playwright-core';

/**
 * Records what goes wrong on `page` into `problems`: console errors, uncaught page
 * errors and responses of 400 or more — a browser check then expects the list empty.
 */
export function recordPageProblems(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
}
