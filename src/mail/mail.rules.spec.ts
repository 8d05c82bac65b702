import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { describeFailure, messageIdFor, queueTimings, retryPolicy, staleAfterSeconds } from './mail.rules.js';

describe('the outbox timings', () => {
  it('give up an attempt before the lease ends, and expire a dead node\'s job only after it', () => {
    for (const timeout of [1, 5, 30, 600]) {
      const t = queueTimings(timeout);
      expect(t.smtpTimeoutMs).toBe(timeout * 1000);
      // A stalled server is noticed within the SMTP timeout; an attempt is cut off before another node may take its message.
      expect(t.attemptTimeoutMs).toBeGreaterThanOrEqual(2 * t.smtpTimeoutMs);
      expect(t.leaseSeconds * 1000).toBeGreaterThan(t.attemptTimeoutMs);
      expect(t.expireInSeconds).toBeGreaterThan(t.leaseSeconds);
      expect(t.monitorSeconds).toBeGreaterThanOrEqual(1);
      expect(t.monitorSeconds).toBeLessThanOrEqual(60);
    }
    expect(queueTimings(1)).toEqual({ smtpTimeoutMs: 1000, attemptTimeoutMs: 3000, leaseSeconds: 5, expireInSeconds: 6, monitorSeconds: 1 });
  });

  it('back off from the first delay, capped at an hour, and sweep only messages quiet for longer than any backoff', () => {
    expect(retryPolicy(10, 30)).toEqual({ retryLimit: 10, retryDelay: 30, retryBackoff: true, retryDelayMax: 1920 });
    expect(retryPolicy(3, 3600).retryDelayMax).toBe(3600);
    const r = retryPolicy(10, 30);
    expect(staleAfterSeconds(queueTimings(30), r)).toBeGreaterThan(2 * r.retryDelayMax);
  });
});

describe('a message', () => {
  it('has one Message-ID on every attempt, in the sender\'s domain', () => {
    const id = '6f1c3d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f';
    expect(messageIdFor(id, 'Lägesbild <noreply@lidkoping.se>')).toBe(`<${id}@lidkoping.se>`);
    expect(messageIdFor(id, 'noreply@kommun.se')).toBe(`<${id}@kommun.se>`);
    expect(messageIdFor(id, 'no address')).toBe(`<${id}@lagesbild.invalid>`);
  });

  it('names an SMTP failure by its reply, never by a credential', () => {
    expect(describeFailure({ responseCode: 550, command: 'DATA', response: '550 5.7.1 Refused' })).toBe('550 at DATA 550 5.7.1 Refused');
    expect(describeFailure({ code: 'ETIMEDOUT', message: 'Greeting never received' })).toBe('ETIMEDOUT Greeting never received');
    expect(describeFailure(new Error('connect to smtp://user:hemligt@mail.kommun.se failed'))).not.toContain('hemligt');
    expect(describeFailure({ message: 'x'.repeat(2000) })).toHaveLength(500);
  });
});

describe('the e-mail settings (SMTP_*, PUBLIC_URL)', () => {
  const base = { NODE_ENV: 'test' };
  const fails = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('the configuration was accepted');
  };

  it('leave e-mail off without SMTP_URL, and links at localhost', () => {
    const c = loadConfig({ ...base, PORT: '8080' });
    expect(c.mail).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:8080');
  });

  it('turn it on with a sender and the public address, with defaults for the timeouts and retries', () => {
    const c = loadConfig({ ...base, SMTP_URL: 'smtp://mail.kommun.se:587', SMTP_FROM: 'Lägesbild <noreply@kommun.se>', PUBLIC_URL: 'https://lagesbild.kommun.se/' });
    expect(c.mail).toEqual({ url: 'smtp://mail.kommun.se:587', from: 'Lägesbild <noreply@kommun.se>', unsubscribeMailto: undefined, timeoutSeconds: 30, retryLimit: 10, retryDelaySeconds: 30 });
    expect(c.publicUrl).toBe('https://lagesbild.kommun.se');
  });

  it('refuse SMTP_URL without a sender or a public address, a URL that is not SMTP (without echoing it), and typos', () => {
    expect(fails({ SMTP_URL: 'smtp://mail.kommun.se' })).toMatch(/SMTP_FROM.*PUBLIC_URL/);
    const bad = fails({ SMTP_URL: 'http://user:hemligt@mail.kommun.se', SMTP_FROM: 'x@kommun.se', PUBLIC_URL: 'https://l.se' });
    expect(bad).toMatch(/^SMTP_URL/);
    expect(bad).not.toContain('hemligt');
    expect(fails({ SMTP_TIMEOUT: '5' })).toMatch(/unknown setting SMTP_TIMEOUT/);
    expect(fails({ PUBLIC_URL: 'lagesbild.kommun.se' })).toMatch(/PUBLIC_URL/);
    expect(fails({ SMTP_RETRY_DELAY_SECONDS: '0' })).toMatch(/SMTP_RETRY_DELAY_SECONDS/);
    expect(fails({ SMTP_UNSUBSCRIBE_MAILTO: 'not an address' })).toMatch(/SMTP_UNSUBSCRIBE_MAILTO/);
  });
});
