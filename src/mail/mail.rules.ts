/**
 * The e-mail outbox's arithmetic and wording as plain functions (unit-tested in mail.rules.spec.ts): how long an
 * attempt may take and how long a node holds a message, the retry schedule, and what an SMTP failure is called.
 */

export interface QueueTimings {
  /** nodemailer's connection, greeting and socket (idle) timeouts. */
  smtpTimeoutMs: number;
  /** One attempt (render, connect, converse, accept) is given up after this: the transport is closed. */
  attemptTimeoutMs: number;
  /** How long a node holds a message it is sending; no other node may take it before. Longer than an attempt. */
  leaseSeconds: number;
  /** pg-boss gives up the job of a node that died mid-attempt after this and lets another node retry it. */
  expireInSeconds: number;
  /** How often pg-boss looks for expired jobs. */
  monitorSeconds: number;
}

/**
 * From SMTP_TIMEOUT_SECONDS (T): an SMTP conversation waits at most T for the connection, T for the greeting and T
 * between any two replies, so an attempt is given up after 2T + 1 s (a server that hangs is noticed in T; a server
 * that answers slowly but never stalls is cut off there). The lease outlasts the attempt, and the job's expiry the
 * lease, so a job retried after its node died finds the message free, while a slow attempt on a live node is never
 * overlapped by a second one (which could send the message twice).
 */
export function queueTimings(timeoutSeconds: number): QueueTimings {
  const attemptSeconds = 2 * timeoutSeconds + 1;
  const leaseSeconds = attemptSeconds + 2;
  return {
    smtpTimeoutMs: timeoutSeconds * 1000,
    attemptTimeoutMs: attemptSeconds * 1000,
    leaseSeconds,
    expireInSeconds: leaseSeconds + 1,
    monitorSeconds: Math.min(60, Math.max(1, timeoutSeconds)),
  };
}

export interface RetryPolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: true;
  retryDelayMax: number;
}

/** Retries with exponential backoff from SMTP_RETRY_DELAY_SECONDS (about doubling each time), capped at an hour. */
export function retryPolicy(retryLimit: number, retryDelaySeconds: number): RetryPolicy {
  return { retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true, retryDelayMax: Math.min(3600, Math.max(retryDelaySeconds, retryDelaySeconds * 64)) };
}

/**
 * A message still open (pending, retrying, or held under a lease that ran out) whose row has not moved for this
 * long has lost its job (the last attempt's node died, the queue's retention dropped it): the sweeper queues it
 * again. Longer than any wait the retry schedule makes, so a message waiting for its backoff is left alone.
 */
export function staleAfterSeconds(t: QueueTimings, r: RetryPolicy): number {
  return 2 * r.retryDelayMax + t.expireInSeconds + 2 * t.monitorSeconds + 60;
}

/** The Message-ID of an outbox row: the same on every attempt, so a copy that did get through twice is one message to the mail store. */
export function messageIdFor(outboxId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'lagesbild.invalid';
  return `<${outboxId}@${domain}>`;
}

/** What went wrong in an attempt, for the admin's list: the SMTP reply or the error's kind, never a credential. */
export function describeFailure(e: unknown): string {
  const err = e as { code?: string; responseCode?: number; response?: string; command?: string; message?: string };
  const parts = [
    err.responseCode ? `${err.responseCode}` : undefined,
    err.code,
    err.command ? `at ${err.command}` : undefined,
    (err.response ?? err.message ?? String(e)).replace(/\/\/[^@\s/]*@/g, '//***@'),
  ].filter(Boolean);
  return parts.join(' ').slice(0, 500);
}
