/**
 * A real SMTP server in the test process (`smtp-server`), whose behaviour a test sets: accept, refuse the next
 * messages with a reply code, hang (never greet), or hold a message's final reply until the test releases it (to kill
 * the sending node while it waits). What it accepts is parsed with `mailparser` and kept, in order. A message counts as
 * delivered only once the server has answered 250 — as a real server commits a message. Not a spec file.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { eventually } from './feed-client.js';

export interface Delivered {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Every header, lower-case names, as the raw values. */
  headers: Map<string, string>;
  mail: ParsedMail;
}

export interface Held {
  to: string[];
  /** Answers the held message: accepted (250), or refused as a server that did not keep it. */
  release(accept: boolean): void;
}

type Mode = { kind: 'accept' } | { kind: 'refuse'; times: number; code: number } | { kind: 'hang' } | { kind: 'hold'; to: string; onHeld?: (h: Held) => void };

export class TestSmtp {
  readonly delivered: Delivered[] = [];
  readonly held: Held[] = [];
  /** Every message the server was offered (its DATA), accepted or not. */
  offered = 0;
  refused = 0;
  private mode: Mode = { kind: 'accept' };
  private readonly server: SMTPServer;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        // Hanging: no greeting at all (the client's greeting timeout is what ends it).
        if (this.mode.kind !== 'hang') callback();
      },
      onData: (stream, session, callback) => {
        // A sender killed mid-message (the tests kill a node mid-send) leaves a stream that never ends whole: the
        // message is not delivered, and the parse error must not escape as an unhandled rejection.
        this.receive(stream, session, callback).catch((e: Error) => {
          this.connectionErrors.push(e.message);
          callback(e);
        });
      },
    });
    // Connections reset by a killed sender are expected here; an 'error' without a listener would end the test run.
    this.server.on('error', (e: Error) => void this.connectionErrors.push(e.message));
  }

  /** Errors of connections (resets, messages cut off), for a failing test's message; none fails a test by itself. */
  readonly connectionErrors: string[] = [];

  async start(): Promise<this> {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  accept(): void {
    this.mode = { kind: 'accept' };
  }

  /** The next `times` messages are refused with `code` (4xx: try later; 5xx: refused), then messages are accepted. */
  refuse(times: number, code = 451): void {
    this.mode = { kind: 'refuse', times, code };
  }

  /** Connections are taken but never greeted, until accept(). */
  hang(): void {
    this.mode = { kind: 'hang' };
  }

  /**
   * The next message to `address` is received whole but not answered until the test releases it (`onHeld` is told at
   * once, while the sender waits); then messages are accepted.
   */
  hold(address: string, onHeld?: (h: Held) => void): void {
    this.mode = { kind: 'hold', to: address.toLowerCase(), onHeld };
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void): Promise<void> {
    const mail = await simpleParser(stream);
    this.offered++;
    const to = (session.envelope.rcptTo || []).map((r) => r.address.toLowerCase());
    const mode = this.mode;
    if (mode.kind === 'refuse') {
      if (--mode.times <= 0) this.mode = { kind: 'accept' };
      this.refused++;
      return callback(Object.assign(new Error(mode.code >= 500 ? 'Refused by the test server' : 'Try again later'), { responseCode: mode.code }));
    }
    const keep = () => {
      this.delivered.push({
        to, subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '', messageId: mail.messageId ?? '',
        headers: new Map([...mail.headerLines].map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()])), mail,
      });
      callback();
    };
    if (mode.kind === 'hold' && to.includes(mode.to)) {
      this.mode = { kind: 'accept' };
      const held: Held = { to, release: (accept) => (accept ? keep() : callback(Object.assign(new Error('Not kept'), { responseCode: 451 }))) };
      this.held.push(held);
      mode.onHeld?.(held);
      return;
    }
    keep();
  }

  /** The messages delivered to `address`. */
  to(address: string): Delivered[] {
    return this.delivered.filter((d) => d.to.includes(address.toLowerCase()));
  }

  /** Waits until a delivered message matches. */
  waitFor(what: string, match: (d: Delivered) => boolean, ms = 15_000): Promise<Delivered> {
    return eventually(async () => this.delivered.find(match), ms, what);
  }

  async stop(): Promise<void> {
    for (const h of this.held.splice(0)) h.release(false);
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}

export async function startSmtp(): Promise<TestSmtp> {
  return new TestSmtp().start();
}

/** The URL in `List-Unsubscribe` (the https one, not the mailto). */
export function unsubscribeUrl(d: Delivered): string {
  const header = d.headers.get('list-unsubscribe') ?? '';
  const m = /<(https?:\/\/[^>]+)>/.exec(header);
  if (!m) throw new Error(`no http(s) List-Unsubscribe in ${header}`);
  return m[1];
}

/** Where the links in the tests' e-mails point (the tests call the service at its own address). */
export const TEST_PUBLIC_URL = 'https://lagesbild.test';

/**
 * The service's e-mail settings against the test server: short timeouts and retries (an attempt is given up after 3 s,
 * a dead node's after about 6 s; two retries, the first after about a second).
 */
export const mailEnvironment = (smtp: TestSmtp, over: Record<string, string> = {}): Record<string, string> => ({
  SMTP_URL: smtp.url,
  SMTP_FROM: 'Lägesbild <noreply@test.lagesbild>',
  PUBLIC_URL: TEST_PUBLIC_URL,
  SMTP_TIMEOUT_SECONDS: '1',
  SMTP_RETRY_LIMIT: '2',
  SMTP_RETRY_DELAY_SECONDS: '1',
  ...over,
});

/** A link of an e-mail, pointed at the running service instead of the public address. */
export const onService = (link: string, serviceUrl: string) => link.replace(TEST_PUBLIC_URL, serviceUrl);
