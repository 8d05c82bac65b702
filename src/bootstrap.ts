import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { LIMITS } from '#contracts';
import { AppModule } from './app.module.js';
import { AppLogger } from './common/app-logger.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { refuseDeepJson } from './common/json-depth.js';
import { createValidationPipe } from './common/validation.js';
import type { ResolvedConfig } from './config/config.module.js';
import { tileImageSources } from './config/app-config.js';
import { migrate } from './database/data-source.js';
import { CollaborationsService } from './collaborations/collaborations.service.js';
import { UsersService } from './users/users.service.js';
import { seedDemo } from './database/seed/demo-seed.js';

export interface StartedApp {
  app: NestExpressApplication;
  seeded: boolean;
}

/**
 * Builds the application on a reachable database: migrations, default collaboration, optional demo seed and
 * bootstrap admin. Shared by `npm start` and the tests, so the tests run exactly what users run.
 */
export async function createApp(config: ResolvedConfig): Promise<StartedApp> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(AppLogger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:', 'blob:', ...tileImageSources(config.mapTileUrl)],
          'connect-src': ["'self'", 'ws:', 'wss:'],
        },
      },
    }),
  );
  app.use(jsonBody(new HttpExceptionFilter()));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  // No enableShutdownHooks(): main.ts owns SIGTERM/SIGINT (close the app, then stop the embedded database, exit 0).

  const docs = new DocumentBuilder()
    .setTitle('Lägesbild API')
    .setDescription('The shared situational picture for local crime prevention: see api-contract.md')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs), { jsonDocumentUrl: 'api/docs-json' });

  serveWebClient(app, config);

  const ds = app.get(DataSource);
  await migrate(ds);
  const collaborationId = await app.get(CollaborationsService).ensureDefault(config.seedDemo);
  const seeded = config.seedDemo ? await seedDemo(app, collaborationId) : false;
  if (config.bootstrapAdmin) await app.get(UsersService).ensureBootstrapAdmin(collaborationId, config.bootstrapAdmin);
  return { app, seeded };
}

/** JSON bodies up to 256 KB; parse errors answered in the API's error shape (they happen before any controller). */
function jsonBody(filter: HttpExceptionFilter) {
  const parse = express.json({ limit: LIMITS.bodyBytes, strict: true, verify: refuseDeepJson });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const { status, body } = filter.toResponse(err, req);
      res.status(status).json(body);
    });
}

/** The built web client at `/`, with client-side routes falling back to index.html; `/api` is never shadowed. */
function serveWebClient(app: NestExpressApplication, config: ResolvedConfig): void {
  const dir = config.staticDir ?? join(process.cwd(), 'dist', 'web');
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new NestLogger('Web').warn(`no web client at ${dir}; run "npm run build" to build it`);
    return;
  }
  app.use(express.static(dir, { index: false, maxAge: '1h', setHeaders: (res, path) => {
    if (path.endsWith('sw.js') || path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
  } }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    // HEAD as GET (a monitor or a link checker asks for the headers only; express sends no body for HEAD).
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api') || req.path.startsWith('/socket.io') || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
