import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '200 when the service and its database answer, 503 otherwise' })
  async health(@Res({ passthrough: true }) res: Response) {
    const db = await Promise.race([
      this.ds.query('SELECT 1').then(() => 'up' as const, () => 'down' as const),
      new Promise<'down'>((ok) => setTimeout(() => ok('down'), 2000).unref()),
    ]);
    if (db !== 'up') res.status(503);
    return { status: db === 'up' ? 'ok' : 'unavailable', db };
  }
}
