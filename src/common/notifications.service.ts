import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { type Channel, CHANNELS } from './channels.js';
import { PgListener } from './pg-listener.js';

/**
 * This node's one LISTEN connection, shared by every context: a context registers for the channels it cares about
 * (the feed for events and subscriptions, users for their cache) without knowing who announces on them.
 * `onConnected` handlers run after the first connect and every reconnect: notifications are not queued for a node
 * that was away, so whoever depends on them catches up there.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly handlers = new Map<Channel, ((payload: string) => void)[]>();
  private readonly connectedHandlers: (() => void)[] = [];
  private listener?: PgListener;

  constructor(@InjectConfig() private readonly config: ResolvedConfig) {}

  on(channel: Channel, handler: (payload: string) => void): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  onConnected(handler: () => void): void {
    this.connectedHandlers.push(handler);
  }

  get up(): boolean {
    return this.listener?.connected ?? false;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.listener = new PgListener(
      this.config.databaseUrl,
      Object.values(CHANNELS),
      (channel, payload) => this.handlers.get(channel as Channel)?.forEach((h) => h(payload)),
      () => this.connectedHandlers.forEach((h) => h()),
    );
    await this.listener.start();
    this.connectedHandlers.forEach((h) => h());
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
  }
}
