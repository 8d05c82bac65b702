import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Page } from '#contracts';
import { type PageQuery, pageByName } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { CollaborationEntity } from './collaboration.entity.js';

const SELECT_COLLABORATION = `SELECT ${entityTable(CollaborationEntity).selectList('c')} FROM collaborations c`;

/** The only place the collaborations context's SQL lives. */
@Injectable()
export class CollaborationsRepository {
  constructor(private readonly ds: DataSource) {}

  /** A new collaboration (its feed counter is created with it by a trigger). */
  insert(w: Write, collaboration: Values<CollaborationEntity>): Step<CollaborationEntity> {
    return w.s.insert(CollaborationEntity, collaboration, { guard: w.guard });
  }

  list<T>(q: PageQuery, map: (c: CollaborationEntity) => T): Promise<Page<T>> {
    return pageByName(this.ds, SELECT_COLLABORATION, new SqlWhere(), 'c', q, map);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.ds.query<unknown[]>('SELECT 1 FROM collaborations WHERE id = $1', [id])).length > 0;
  }

  /** The default collaboration's id, creating it with these names if there is none (several nodes may race). */
  async ensureDefault(name: string, municipality: string): Promise<string> {
    await this.ds.query(
      'INSERT INTO collaborations (name, municipality, is_default) VALUES ($1,$2,true) ON CONFLICT (is_default) WHERE is_default DO NOTHING',
      [name, municipality],
    );
    const [row] = await this.ds.query<{ id: string }[]>('SELECT id FROM collaborations WHERE is_default');
    return row.id;
  }
}
