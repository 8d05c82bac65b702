import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Small secrets sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the installation's one secret, the JWT
 * key (JWT_SECRET, the generated key in DATA_DIR, or the one nodes share through `settings`), one key per purpose:
 * an identity provider's client secret in the database, the state of a sign-in in a cookie. No second secret to
 * configure, back up or lose; the price is that a new JWT_SECRET makes the stored client secrets unreadable (the
 * sign-in then says PROVIDER_MISCONFIGURED and an admin enters the secret again), as it already ends every session.
 * A sealed value names its key (`v1.<key id>.<iv>.<ciphertext>.<tag>`), so a value sealed under another key is told
 * apart from a damaged one.
 */
export class SecretBox {
  private readonly key: Buffer;
  /** A short fingerprint of the derived key: which key sealed a value, never the key. */
  readonly keyId: string;

  constructor(rootSecret: string, private readonly purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', rootSecret, 'lagesbild', `lagesbild ${purpose}`, 32));
    this.keyId = createHash('sha256').update(this.key).digest('base64url').slice(0, 8);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(this.purpose));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', this.keyId, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The plain text, or why there is none: sealed under another key (a new JWT_SECRET), or not a sealed value at all. */
  open(sealed: string): { ok: true; value: string } | { ok: false; reason: 'other-key' | 'invalid' } {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1') return { ok: false, reason: 'invalid' };
    const [, keyId, iv, body, tag] = parts;
    if (keyId !== this.keyId) return { ok: false, reason: 'other-key' };
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(this.purpose));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return { ok: true, value: Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8') };
    } catch {
      return { ok: false, reason: 'invalid' };
    }
  }
}
