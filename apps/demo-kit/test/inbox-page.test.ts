import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INBOX_ASSETS_DIR, renderInboxPage } from '../src/page/inbox-page.js';

describe('the inbox page', () => {
  it('names the framework in the title and heading, and leaves no placeholder', () => {
    const html = renderInboxPage({ framework: 'NestJS' });
    expect(html).toContain('<title>SMS inbox · NestJS · sinch-inbounds</title>');
    expect(html).toContain('<h1>SMS inbox <small>on NestJS</small></h1>');
    expect(html).not.toContain('{{');
  });

  it('carries the media status code names of core for the page script, so a failed upload shows "Bucket not found"', () => {
    const html = renderInboxPage({ framework: 'Express' });
    const data = /<script type="application\/json" id="media-status-codes">([^<]*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(data!)).toContainEqual({ code: 2, name: 'Bucket not found' });
  });

  it('tells the page script whether the inbox runs queued, so an inline inbox never asks for the queue panel', () => {
    expect(renderInboxPage({ framework: 'Express' })).toContain('<body data-queued="false">');
    expect(renderInboxPage({ framework: 'Express', queued: true })).toContain('<body data-queued="true">');
  });

  it('escapes the framework name as HTML text', () => {
    const html = renderInboxPage({ framework: '<b>"X" & Y</b>' });
    expect(html).toContain('SMS inbox · &#60;b&#62;&#34;X&#34; &#38; Y&#60;/b&#62; · sinch-inbounds');
    expect(html).not.toContain('<b>');
  });

  it('serves the scripts, styles, icon and picture the page uses from the assets folder, and no index.html there', () => {
    const files = readdirSync(INBOX_ASSETS_DIR).sort();
    expect(files).toEqual(['favicon.svg', 'inbox.css', 'inbox.js', 'picture.svg']);
    const html = renderInboxPage({ framework: 'Express' });
    for (const referenced of [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!)) {
      expect(existsSync(join(INBOX_ASSETS_DIR, referenced))).toBe(true);
    }
  });
});
