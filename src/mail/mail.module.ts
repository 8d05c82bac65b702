import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue.service.js';
import { MailRepository } from './mail.repository.js';
import { MailService } from './mail.service.js';

/**
 * E-mail and the durable job queue: the outbox (mail_outbox), SMTP through nodemailer, and pg-boss in the same
 * PostgreSQL. Knows no other context: alerts and password reset queue their messages here and render them when they
 * are sent. One instance per application (imported by each context that sends mail).
 */
@Module({
  providers: [MailService, MailRepository, JobQueue],
  exports: [MailService, JobQueue],
})
export class MailModule {}
