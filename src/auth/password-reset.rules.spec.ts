import { describe, expect, it } from '@jest/globals';
import { readResetToken, resetKey, resetToken, resetTokenState } from './password-reset.rules.js';

describe('password reset links', () => {
  const key = resetKey('a-secret-that-is-long-enough-for-the-test-0123');
  const id = '6f1c3d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f';

  it('name the row they were made for, only with the right key', () => {
    const token = resetToken(key, id);
    expect(readResetToken(key, token)).toBe(id);
    expect(readResetToken(resetKey('another-secret-that-is-long-enough-0123456'), token)).toBeUndefined();
    expect(readResetToken(key, `0b5e7a3c-2d4f-4a6b-8c9d-1e2f3a4b5c6d.${token.split('.')[1]}`)).toBeUndefined();
    for (const bad of ['', id, `${id}.`, `${token}x`, `${token}.x`, 'x'.repeat(500)]) expect(readResetToken(key, bad)).toBeUndefined();
  });

  it('open once, until they expire', () => {
    const now = new Date('2026-03-12T10:00:00Z');
    expect(resetTokenState({ usedAt: null, expiresAt: new Date('2026-03-12T10:00:01Z') }, now)).toBeUndefined();
    expect(resetTokenState({ usedAt: null, expiresAt: now }, now)).toBe('expired');
    expect(resetTokenState({ usedAt: new Date('2026-03-12T09:59:00Z'), expiresAt: new Date('2026-03-12T11:00:00Z') }, now)).toBe('used');
  });
});
