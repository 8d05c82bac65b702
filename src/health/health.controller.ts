import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/decorators.js';
import { EventPumpService } from '../feed/event-pump.service.js';
import { FeedMetrics } from '../feed/feed-metrics.service.js';
import { HealthRepository } from './health.repository.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly db: HealthRepository, private readonly pump: EventPumpService, private readonly metrics: FeedMetrics) {}

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
  @ApiOperation({ summary: 'Prometheus metrics: connected sockets, events, fan-out latency, process' })
  async prometheus(@Res() res: Response) {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
