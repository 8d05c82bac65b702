import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/decorators.js';
import type { AuthenticatedRequest } from '../common/actor.js';
import { forbidden } from '../common/domain-error.js';
import { AuthService } from '../auth/auth.service.js';
import { bearerToken } from '../common/bearer-token.js';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { EventPumpService } from '../feed/event-pump.service.js';
import { FeedMetrics } from '../feed/feed-metrics.service.js';
import { HealthRepository } from './health.repository.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly db: HealthRepository,
    private readonly pump: EventPumpService,
    private readonly metrics: FeedMetrics,
    private readonly auth: AuthService,
    @InjectConfig() private readonly config: ResolvedConfig,
  ) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: '200 when the service, its database and the live feed are up; 503 otherwise' })
  async health(@Res({ passthrough: true }) res: Response) {
    const db = await Promise.race([
      this.db.ping().then(() => 'up' as const, () => 'down' as const),
      new Promise<'down'>((ok) => setTimeout(() => ok('down'), 2000).unref()),
    ]);
    const feed = this.pump.up ? 'up' : 'down';
    const ok = db === 'up' && feed === 'up';
    if (!ok) res.status(503);
    return { status: ok ? 'ok' : 'unavailable', db, feed };
  }

  @Get('metrics')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth() // @Public only because it also takes METRICS_TOKEN, which is not a user's token
  @ApiOperation({ summary: 'Prometheus metrics (connected sockets, events, fan-out latency, process): METRICS_TOKEN as bearer, or a platform admin' })
  async prometheus(@Req() req: AuthenticatedRequest, @Res() res: Response) {
    // Not public: the figures tell an outsider how busy the service is and when people use it.
    const token = bearerToken(req);
    const scraper = !!this.config.metricsToken && !!token && sameSecret(token, this.config.metricsToken);
    if (!scraper) {
      const actor = await this.auth.authenticate(token);
      if (!actor.platformAdmin) throw forbidden('metrics are for the METRICS_TOKEN or a platform admin');
    }
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}

/** Compares two secrets in constant time (as digests, so their lengths do not leak either). */
function sameSecret(a: string, b: string): boolean {
  const digest = (x: string) => createHash('sha256').update(x).digest();
  return timingSafeEqual(digest(a), digest(b));
}
