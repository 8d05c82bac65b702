import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CollaborationsModule } from './collaborations/collaborations.module.js';
import { AppLogger } from './common/app-logger.js';
import { CommonModule } from './common/common.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
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

@Module({})
export class AppModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
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
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url === '/api/health' },
            // Request bodies are never logged: they may hold text that is refused for personal data.
            // Responses as their status only: every header of every answer made a line of about 1.1 KB, and the log
            // writes were 15 % of the server's CPU per posted report (bench/RESULTS.md).
            serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url }), res: (res) => ({ statusCode: res.statusCode }) },
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
