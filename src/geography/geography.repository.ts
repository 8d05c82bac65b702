import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Page } from '#contracts';
import { type PageQuery, pageByName } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { AreaEntity } from './area.entity.js';
import { PlaceEntity } from './place.entity.js';

const areas = entityTable(AreaEntity);
const places = entityTable(PlaceEntity);

export type PlaceView = PlaceEntity & { areaName: string | null };
/** An area with a boundary and its bounding box, as point-in-area tests need it. */
export type AreaOutline = Pick<AreaEntity, 'id' | 'name' | 'boundary' | 'minLat' | 'maxLat' | 'minLng' | 'maxLng'>;
export type BoundedArea = AreaOutline & { boundary: NonNullable<AreaEntity['boundary']> };

const SELECT_AREA = `SELECT ${areas.selectList('a')} FROM areas a`;
const SELECT_PLACE = `SELECT ${places.selectList('p')}, a.name AS "areaName" FROM places p LEFT JOIN areas a ON a.id = p.area_id`;

/** The only place the geography context's SQL lives. */
@Injectable()
export class GeographyRepository {
  constructor(private readonly ds: DataSource) {}

  /** A new area; no row when its name is taken in the collaboration (case-insensitive). */
  insertArea(w: Write, area: Values<AreaEntity>): Step<AreaEntity> {
    return w.s.insert(AreaEntity, area, { guard: w.guard, onConflictDoNothing: true });
  }

  insertPlace(w: Write, place: Values<PlaceEntity>): Step<PlaceEntity> {
    return w.s.insert(PlaceEntity, place, { guard: w.guard });
  }

  listAreas<T>(collaborationId: string, q: PageQuery, map: (a: AreaEntity) => T): Promise<Page<T>> {
    return pageByName(this.ds, SELECT_AREA, new SqlWhere('a.collaboration_id = $1', collaborationId), 'a', q, map);
  }

  listPlaces<T>(collaborationId: string, areaId: string | undefined, q: PageQuery, map: (p: PlaceView) => T): Promise<Page<T>> {
    return pageByName(this.ds, SELECT_PLACE, new SqlWhere('p.collaboration_id = $1', collaborationId).add('p.area_id = ?', areaId), 'p', q, map);
  }

  async area(collaborationId: string, id: string): Promise<AreaEntity | undefined> {
    const [row] = await this.ds.query<AreaEntity[]>(`${SELECT_AREA} WHERE a.id = $1 AND a.collaboration_id = $2`, [id, collaborationId]);
    return row;
  }

  async place(collaborationId: string, id: string): Promise<PlaceView | undefined> {
    const [row] = await this.ds.query<PlaceView[]>(`${SELECT_PLACE} WHERE p.id = $1 AND p.collaboration_id = $2`, [id, collaborationId]);
    return row;
  }

  /** The areas with a boundary, by name. */
  /** Every area of the collaboration, with its boundary (null for an area drawn without one) and bounding box. */
  areas(collaborationId: string): Promise<AreaOutline[]> {
    return this.ds.query(
      `SELECT id, name, boundary, min_lat AS "minLat", max_lat AS "maxLat", min_lng AS "minLng", max_lng AS "maxLng" FROM areas
       WHERE collaboration_id = $1 ORDER BY name, id`,
      [collaborationId],
    );
  }

  /** Which of `ids` are areas (or places) of the collaboration, with their names. */
  existing(kind: 'areas' | 'places', collaborationId: string, ids: string[]): Promise<{ id: string; name: string }[]> {
    return this.ds.query(`SELECT id, name FROM ${kind} WHERE collaboration_id = $1 AND id = ANY($2::uuid[])`, [collaborationId, ids]);
  }
}
