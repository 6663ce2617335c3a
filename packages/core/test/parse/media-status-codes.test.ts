import { describe, expect, it } from 'vitest';
import { MEDIA_STATUS_CODES, mediaStatusCode } from '@sinch-inbounds/core';

describe('media status codes', () => {
  it('lists the seed codes and the SDK docs code 3, with names and descriptions', () => {
    expect(MEDIA_STATUS_CODES.map(({ code, name, status }) => [code, name, status])).toEqual([
      [0, 'Uploaded', 'Uploaded'],
      [1, 'Internal failure', 'Failed'],
      [2, 'Bucket not found', 'Failed'],
      [3, 'Bucket key error', 'Failed'],
    ]);
    for (const entry of MEDIA_STATUS_CODES) expect(entry.description.length).toBeGreaterThan(10);
    expect(Object.isFrozen(MEDIA_STATUS_CODES) && Object.isFrozen(MEDIA_STATUS_CODES[2])).toBe(true);
  });

  it('looks a code up, and calls a code it does not know a failure', () => {
    expect(mediaStatusCode(2).name).toBe('Bucket not found');
    expect(mediaStatusCode(0).status).toBe('Uploaded');
    expect(mediaStatusCode(42)).toMatchObject({ code: 42, name: 'Unknown failure (code 42)', status: 'Failed' });
  });
});
