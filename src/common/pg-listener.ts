import { Logger } from '@nestjs/common';
import pg from 'pg';

export type NotificationHandler = (channel: string, payload: string) => void;

/**
 * One dedicated connection that LISTENs on the given channels and reconnects by itself (with backoff) when
 * PostgreSQL restarts or the network drops. `onReconnect` runs after every re-established connection, so the
 * owner can catch up on what was committed while it was away (notifications are not queued for us meanwhile).
 */
export class PgListener {
  private client?: pg.Client;
  private stopped = false;
  private attempt = 0;
  private readonly log = new Logger('PgListener');
  connected = false;

  constructor(
    private readonly url: string,
    private readonly channels: string[],
    private readonly onNotification: NotificationHandler,
    private readonly onReconnect: () => void,
  ) {}

  async start(): Promise<void> {
    await this.connect(true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connected = false;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(first: boolean): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    client.on('notification', (n) => this.onNotification(n.channel, n.payload ?? ''));
    client.on('error', (e) => this.log.warn(`listener connection error: ${e.message}`));
    client.on('end', () => {
      if (this.client !== client) return;
      this.connected = false;
      if (!this.stopped) this.scheduleReconnect();
    });
    try {
      await client.connect();
      for (const ch of this.channels) await client.query(`LISTEN ${ch}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      if (first) throw e;
      this.scheduleReconnect();
      return;
    }
    this.client = client;
    this.connected = true;
    this.attempt = 0;
    if (!first) {
      this.log.log('listener reconnected; catching up');
      this.onReconnect();
    }
  }

  private scheduleReconnect(): void {
    const delay = Math.min(5000, 100 * 2 ** this.attempt++);
    setTimeout(() => {
      if (!this.stopped) void this.connect(false);
    }, delay).unref();
  }
}
