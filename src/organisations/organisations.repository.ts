import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Page } from '#contracts';
import { type PageQuery, pageByName } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { OrganisationEntity } from './organisation.entity.js';

const SELECT_ORGANISATION = `SELECT ${entityTable(OrganisationEntity).selectList('o')} FROM organisations o`;

/** The only place the organisations context's SQL lives. */
@Injectable()
export class OrganisationsRepository {
  constructor(private readonly ds: DataSource) {}

  /** A new organisation; no row when its name is taken in the collaboration (case-insensitive). */
  insert(w: Write, organisation: Values<OrganisationEntity>): Step<OrganisationEntity> {
    return w.s.insert(OrganisationEntity, organisation, { guard: w.guard, onConflictDoNothing: true });
  }

  list<T>(collaborationId: string, q: PageQuery, map: (o: OrganisationEntity) => T): Promise<Page<T>> {
    return pageByName(this.ds, SELECT_ORGANISATION, new SqlWhere('o.collaboration_id = $1', collaborationId), 'o', q, map);
  }

  async find(id: string): Promise<OrganisationEntity | undefined> {
    const [row] = await this.ds.query<OrganisationEntity[]>(`${SELECT_ORGANISATION} WHERE o.id = $1`, [id]);
    return row;
  }

  async findByName(collaborationId: string, name: string): Promise<OrganisationEntity | undefined> {
    const [row] = await this.ds.query<OrganisationEntity[]>(`${SELECT_ORGANISATION} WHERE o.collaboration_id = $1 AND lower(o.name) = lower($2)`, [collaborationId, name]);
    return row;
  }

  /** The organisations of `ids` that belong to the collaboration. */
  refsIn(collaborationId: string, ids: string[]): Promise<{ id: string; name: string; kind: OrganisationEntity['kind'] }[]> {
    return this.ds.query('SELECT id, name, kind FROM organisations WHERE collaboration_id = $1 AND id = ANY($2::uuid[])', [collaborationId, ids]);
  }

  /** How many of `ids` (distinct) are organisations of the collaboration. */
  async countIn(collaborationId: string, ids: string[]): Promise<number> {
    const [{ n }] = await this.ds.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM organisations WHERE collaboration_id = $1 AND id = ANY($2::uuid[])', [collaborationId, ids],
    );
    return n;
  }
}
