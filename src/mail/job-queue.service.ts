import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PgBoss, type Db, type Job, type JobInsert, type JobResult, type JobWithMetadata, type Queue, type SendOptions } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { queueTimings } from './mail.rules.js';

type Handler<T> = (job: JobWithMetadata<T>) => Promise<void>;

interface Registration {
  queue: Queue;
  handler?: Handler<never>;
  /** Jobs fetched at once and run side by side; while fetches come back full, the worker fetches again at once. */
  batch: number;
  schedule?: { cron: string; tz: string };
}

/**
 * The durable job queue of the service: pg-boss in the same PostgreSQL (its own schema, `pgboss`, which it creates
 * and migrates itself), so a job outlives the node that queued it and any node may run it. A context registers its
 * queues, workers and schedules while the application starts (onModuleInit); the queue starts only when something
 * was registered, so an installation without e-mail runs no pg-boss at all (no schema, no connections, no polling).
 *
 * Jobs can be queued inside a caller's transaction (`send(..., manager)`): the job and the rows it is about commit
 * together or not at all, so a planned e-mail can never lose its job (or a job its e-mail).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('JobQueue');
  private readonly registrations = new Map<string, Registration>();
  private boss?: PgBoss;
  private started?: Promise<void>;
  private resolveStarted?: () => void;
  private stopping = false;

  constructor(@InjectConfig() private readonly config: ResolvedConfig) {
    this.started = new Promise((ok) => (this.resolveStarted = ok));
  }

  /** A queue (and, with `handler`, this node's worker for it); call from onModuleInit. */
  register<T>(queue: Queue, opts: { handler?: Handler<T>; batch?: number; schedule?: { cron: string; tz: string } } = {}): void {
    this.registrations.set(queue.name, { queue, handler: opts.handler as Handler<never> | undefined, batch: opts.batch ?? 1, schedule: opts.schedule });
  }

  get enabled(): boolean {
    return this.registrations.size > 0;
  }

  /** Resolves once the queue runs (never, when nothing registered a queue). */
  ready(): Promise<void> {
    return this.started!;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const t = queueTimings(this.config.mail?.timeoutSeconds ?? 30);
    const boss = new PgBoss({
      connectionString: this.config.databaseUrl,
      application_name: 'lagesbild-jobs',
      max: 4,
      // Workers wake on a NOTIFY when a job is queued (the insert's NOTIFY commits with it), polling stays as a floor.
      useListenNotify: true,
      // How soon an attempt whose node died is noticed (its job expires) and retried elsewhere: the monitor's pass.
      monitorIntervalSeconds: t.monitorSeconds,
      superviseIntervalSeconds: t.monitorSeconds,
      openTelemetry: { enabled: false },
    });
    boss.on('error', (e) => this.log.warn(`job queue: ${e.message}`));
    this.boss = boss;
    await boss.start({ attempts: 3 });
    for (const r of this.registrations.values()) {
      await boss.createQueue(r.queue.name, r.queue);
    }
    for (const r of this.registrations.values()) {
      if (r.handler) {
        const handler = r.handler;
        // Polling every 2 s even while NOTIFY is up (pg-boss then waits 30 s by default): a NOTIFY that arrives while
        // the worker is busy wakes nobody, and that job waited out the 30 s (seen in test/e2e/alerts.spec.ts). A full
        // batch is fetched again at once: one job per fetch and 2 s between fetches sent two e-mails a second per node.
        // Each job of a batch is settled on its own: one failure is retried without the others.
        await boss.work(r.queue.name, {
          includeMetadata: true, perJobResults: true, batchSize: r.batch, burstWhenBatchFull: r.batch > 1,
          pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2,
        } as const, async (jobs) => Promise.all(jobs.map(async (job): Promise<JobResult> => {
          try {
            await handler(job as never);
            return { id: job.id, status: 'completed' };
          } catch (e) {
            return { id: job.id, status: 'failed', output: { message: (e as Error).message } };
          }
        })));
      }
      if (r.schedule) await boss.schedule(r.queue.name, r.schedule.cron, null, { tz: r.schedule.tz, missed: 'once' });
    }
    this.resolveStarted!();
  }

  /**
   * Queues a job; inside `manager`'s transaction when given (it commits, and its worker wakes, with the caller's
   * rows). The options are given per job, so a changed setting applies to every job queued after a restart.
   */
  async send(name: string, data: object, options: SendOptions = {}, manager?: EntityManager): Promise<string | null> {
    if (!this.registrations.has(name)) throw new Error(`no queue ${name} was registered`);
    await this.ready();
    return this.boss!.send(name, data, { ...options, ...(manager && { db: inTransaction(manager) }) });
  }

  /** Queues several jobs in one statement, like `send` (the `manager`'s transaction when given). */
  async sendMany(name: string, jobs: JobInsert[], manager?: EntityManager): Promise<void> {
    if (!this.registrations.has(name)) throw new Error(`no queue ${name} was registered`);
    if (!jobs.length) return;
    await this.ready();
    await this.boss!.insert(name, jobs, manager ? { db: inTransaction(manager) } : {});
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.boss || this.stopping) return;
    this.stopping = true;
    // Lets a send in progress finish (a few seconds at most: the SMTP timeouts); a job it could not finish is
    // retried by another node when it expires.
    await this.boss.stop({ graceful: true, timeout: 10_000 }).catch((e: Error) => this.log.warn(`stopping the job queue: ${e.message}`));
  }
}

/** pg-boss's database interface on a TypeORM transaction: its statements run in the caller's transaction. */
function inTransaction(manager: EntityManager): Db {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('a job queued in a transaction needs the transaction\'s manager');
  return {
    executeSql: async (text: string, values?: unknown[]) => ({ rows: (await runner.query(text, values as unknown[], true)).records ?? [] }),
  };
}

export type { Job };
