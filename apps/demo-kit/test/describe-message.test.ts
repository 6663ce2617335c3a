import { parseInbound } from '@sinch-inbounds/core';
import { describe, expect, it } from 'vitest';
import { describeMessage } from '../src/inbox/describe-message.js';

describe('describeMessage', () => {
  it('names why each attachment of an MMS failed, and counts an unreadable one', () => {
    const mms = parseInbound({
      id: 'M1',
      type: 'mo_media',
      from: '12015550125',
      to: '12017777777',
      received_at: '2024-06-06T14:16:54.777Z',
      body: {
        message: 'photos',
        media: [
          { url: 'https://x.example/1.jpg', content_type: 'image/jpeg', status: 'Uploaded', code: 0 },
          { content_type: 'image/jpeg', status: 'Failed', code: 2 },
          { content_type: 'image/png', status: 'Failed', code: 1 },
          { content_type: 'image/png', status: 'Failed' },
        ],
      },
    });
    expect(describeMessage(mms)).toBe(
      'mo_media from 12015550125 to 12017777777: "photos" (1 attachment(s) uploaded, 3 failed: Bucket not found, Internal failure, unreadable)',
    );
  });
});
