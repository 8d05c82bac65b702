import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The health check's one query. */
@Injectable()
export class HealthRepository {
  constructor(private readonly ds: DataSource) {}

  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }
}
