import { describe, expect, it } from '@jest/globals';
import { SecretBox } from './secret-box.js';

const ROOT = 'a-jwt-secret-that-is-long-enough-0123456789';

describe('SecretBox', () => {
  it('opens what it sealed, and seals the same text differently each time', () => {
    const box = new SecretBox(ROOT, 'oidc client secret');
    const a = box.seal('s3cret-från-entra');
    const b = box.seal('s3cret-från-entra');
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(box.open(a)).toEqual({ ok: true, value: 's3cret-från-entra' });
    expect(box.open(b)).toEqual({ ok: true, value: 's3cret-från-entra' });
  });

  it('tells a value sealed under another root secret from a damaged one', () => {
    const sealed = new SecretBox(ROOT, 'oidc client secret').seal('x');
    expect(new SecretBox(`${ROOT}!`, 'oidc client secret').open(sealed)).toEqual({ ok: false, reason: 'other-key' });
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    const flipped = [...parts.slice(0, 3), body.toString('base64url'), parts[4]].join('.');
    expect(new SecretBox(ROOT, 'oidc client secret').open(flipped)).toEqual({ ok: false, reason: 'invalid' });
    expect(new SecretBox(ROOT, 'oidc client secret').open('not sealed')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('keeps purposes apart: a cookie sealed for one purpose does not open as another', () => {
    const sealed = new SecretBox(ROOT, 'oidc flow').seal('{"s":"state"}');
    expect(new SecretBox(ROOT, 'oidc client secret').open(sealed).ok).toBe(false);
  });
});
