import { describe, expect, it } from 'vitest';
import { backoffSeconds } from './outbox.js';
import { canonicalAuditText } from './audit.js';

describe('outbox back-off', () => {
  it('waits 30 s after the first failure, doubling up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(backoffSeconds)).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]);
  });
});

describe('audit canonical text', () => {
  it('prefixes each field with its UTF-8 byte length so no two events share a form', () => {
    expect(canonicalAuditText(['1', null, 'ñ'])).toBe('1:1\n0:\n2:ñ');
    expect(canonicalAuditText(['a\nb', 'c'])).not.toBe(canonicalAuditText(['a', 'b\nc']));
  });
});
