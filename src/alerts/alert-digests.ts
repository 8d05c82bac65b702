import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { JobWithMetadata } from 'pg-boss';
import { DataSource } from 'typeorm';
import { JobQueue } from '../mail/job-queue.service.js';
import { MailService } from '../mail/mail.service.js';
import { type Cadence, DIGEST_TIME_ZONE, digestKey, digestPeriod } from './alerts.rules.js';
import { AlertsRepository } from './alerts.repository.js';

export const DIGEST_QUEUE = 'alerts-digests';

/**
 * Daily and weekly digests. A pg-boss schedule runs the digest job every hour on the hour (Swedish time), on one node;
 * each run queues the digests due at its instant (07:00, Mondays for weekly) that are not queued yet, so an hour
 * missed while every node was down is made up by the next run, and a run repeated queues nothing twice (the digest's
 * dedupe key). The job may carry the instant it is for (`{ at }`): the tests run a digest for a fixed clock that way.
 */
@Injectable()
export class AlertDigests implements OnModuleInit {
  private readonly log = new Logger('AlertDigests');

  constructor(
    private readonly repo: AlertsRepository,
    private readonly mail: MailService,
    private readonly jobs: JobQueue,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    if (!this.mail.enabled) return;
    this.jobs.register<{ at?: unknown } | null>({ name: DIGEST_QUEUE, notify: true, retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 600 }, {
      handler: async (job: JobWithMetadata<{ at?: unknown } | null>) => {
        await this.run(instantOf(job.data?.at));
      },
      schedule: { cron: '0 * * * *', tz: DIGEST_TIME_ZONE },
    });
  }

  /** Queues every digest due at `at`: the subscriptions of each cadence with entries from before its period's end. */
  async run(at: Date): Promise<number> {
    let queued = 0;
    for (const cadence of ['daily', 'weekly'] as Cadence[]) {
      const period = digestPeriod(cadence, at);
      for (const due of await this.repo.dueDigests(cadence, period.end)) {
        const key = digestKey(due.subscriptionId, period);
        queued += await this.ds.transaction(async (m) => {
          await this.repo.lockDigest(m, key);
          // Queued before (a run repeated): entries planned since wait for the next period's digest.
          if (await this.mail.queued(m, key)) return 0;
          if (!(await this.repo.takeDigestItems(m, due.subscriptionId, period.end, key))) return 0;
          return this.mail.enqueue(m, [{
            kind: 'digest', dedupeKey: key, collaborationId: due.collaborationId, recipientUserId: due.userId,
            ref: { subscriptionId: due.subscriptionId, cadence, period: period.key, digestKey: key },
          }]);
        });
      }
    }
    await this.repo.pruneDigestItems();
    if (queued) this.log.log(`queued ${queued} digest(s) for ${at.toISOString()}`);
    return queued;
  }
}

/** The instant a digest job is for: the one it carries (an ISO 8601 string), or now. */
function instantOf(at: unknown): Date {
  const d = typeof at === 'string' ? new Date(at) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : new Date();
}
