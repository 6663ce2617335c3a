import { readFileSync } from 'node:fs';
import { MEDIA_STATUS_CODES } from '@sinch-inbounds/core';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The kit's own folder, found by name (a package may resolve itself through its exports),
// so the same line works from dist/ and from src/ in the kit's tests.
const KIT_DIR = dirname(createRequire(import.meta.url).resolve('@sinch-inbounds/demo-kit/package.json'));

/**
 * The folder of the page's static files (`inbox.js`, `inbox.css`, `favicon.svg`, `picture.svg`), to serve
 * at the app's root. It holds no `index.html`: the page itself is {@link renderInboxPage}.
 */
export const INBOX_ASSETS_DIR: string = join(KIT_DIR, 'public');

const TEMPLATE_PATH = join(KIT_DIR, 'page', 'index.html');
let template: string | undefined;

/** What differs between the demos' pages. */
export interface InboxPageOptions {
  /** The framework named in the title and heading, e.g. `"Express"`. */
  framework: string;
  /** Whether the inbox runs queued (`REDIS_URL`): the page then shows the queue panel. Default `false`. */
  queued?: boolean;
}

/** The inbox page's HTML (to serve at `/`), naming the framework the app runs on. */
export function renderInboxPage({ framework, queued = false }: InboxPageOptions): string {
  // Read once, on first use: the file ships with the kit and never changes while running.
  template ??= readFileSync(TEMPLATE_PATH, 'utf8');
  return template.replaceAll('{{framework}}', escapeHtml(framework)).replace('{{mediaStatusCodes}}', MEDIA_CODES_JSON).replace('{{queued}}', String(queued));
}

// `<` escaped so no text in the data can close the script element it sits in.
const MEDIA_CODES_JSON = JSON.stringify(MEDIA_STATUS_CODES.map(({ code, name }) => ({ code, name }))).replace(/</g, '\\u003c');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
