import { expect, test } from 'vitest';
import { createRecordingLogger } from '@sinch-inbounds/testing';

test('keeps every call in order, and text() shows contexts in full, error messages and causes included', () => {
  const logger = createRecordingLogger();
  logger.warn('plain');
  logger.error('failed', { error: new Error('outer', { cause: new Error('the-token-abc') }) });
  expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
    ['warn', 'plain'],
    ['error', 'failed'],
  ]);
  expect(logger.entries[0]).not.toHaveProperty('context');
  const text = logger.text();
  expect(text.split('\n')[0]).toBe('warn plain');
  expect(text).toContain('outer');
  expect(text).toContain('the-token-abc');
});
