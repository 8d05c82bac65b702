import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CollaborationsModule } from './collaborations/collaborations.module.js';
import { AppLogger } from './common/app-logger.js';
import { CommonModule } from './common/common.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { configurePasswordHashing } from './common/password.js';
import { ConcernTalksModule } from './concern-talks/concern-talks.module.js';
import { CrimeStatsModule } from './crime-stats/crime-stats.module.js';
import { AppConfigModule, type ResolvedConfig } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { EffortsModule } from './efforts/efforts.module.js';
import { FeedModule } from './feed/feed.module.js';
import { GeographyModule } from './geography/geography.module.js';
import { HealthModule } from './health/health.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { PicturesModule } from './pictures/pictures.module.js';
import { PromisesModule } from './promises/promises.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { UsersModule } from './users/users.module.js';
import { OidcModule } from './auth/oidc/oidc.module.js';
// ---- e-mail alerts and digests (the mail context comes with them) ----
import { AlertsModule } from './alerts/alerts.module.js';

/** The access log's fields for one answered request (pino-http adds `reqId`). */
export function accessLine(req: IncomingMessage, res: ServerResponse, responseTime: number) {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const length = res.getHeader('content-length');
  const actor = (req as IncomingMessage & { actor?: { id?: string } }).actor;
  return {
    method: req.method,
    // The path only: a query string may carry a one-time token (unsubscribe, sign-in) or search words.
    path: url.split('?')[0],
    status: res.statusCode,
    ms: responseTime,
    bytes: length === undefined ? undefined : Number(length),
    userId: actor?.id,
  };
}

@Module({})
export class AppModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    // A process setting rather than a provider: hashPassword is a plain function called from several contexts.
    configurePasswordHashing(config.passwordHash);
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: [{
            level: config.logLevel,
            genReqId: (req, res) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            // One line per request with what an operator reads, never a header (every header of every answer
            // made a line of about 1.1 KB) nor a body (it may hold text refused for personal data): the request
            // id (reqId, also on every log line written while serving it), method, path, status, time, size, user.
            quietReqLogger: true,
            quietResLogger: true,
            autoLogging: { ignore: (req) => req.url === '/api/health' },
            customSuccessObject: (req, res, val: { responseTime: number }) => accessLine(req, res, val.responseTime),
            customErrorObject: (req, res, err, val: { responseTime: number }) => ({ ...accessLine(req, res, val.responseTime), err }),
            customSuccessMessage: () => 'request completed',
            customErrorMessage: () => 'request failed',
          },
          // Asynchronous writes: a synchronous write to stdout per request was a quarter of the server's CPU.
          pino.destination({ dest: 1, sync: false })],
        }),
        ScheduleModule.forRoot(),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, config.dbPoolSize)),
        CommonModule,
        AuditModule,
        AuthModule,
        CollaborationsModule,
        OrganisationsModule,
        UsersModule,
        GeographyModule,
        ReportsModule,
        EffortsModule,
        ConcernTalksModule,
        CrimeStatsModule,
        MeetingsModule,
        PicturesModule,
        FeedModule,
        HealthModule,
        OidcModule,
        AlertsModule,
        PromisesModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }, AppLogger],
    };
  }
}
