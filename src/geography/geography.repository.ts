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

  // ---- Edits from the admin screens: each a step of the write path, at the version the edit was made against ----

  /** Renames or redraws an area that is still at `version`; no row otherwise (changed meanwhile, or not the collaboration's). */
  updateArea(w: Write, id: string, version: number, set: Values<AreaEntity>): Step<AreaEntity> {
    const s = w.s;
    return s.update(AreaEntity, { ...set, version: version + 1, updatedAt: new Date() },
      s.sql`t.id = ${id}::uuid AND t.collaboration_id = ${w.collaborationId}::uuid AND t.version = ${version}::int`, { guard: w.guard });
  }

  updatePlace(w: Write, id: string, version: number, set: Values<PlaceEntity>): Step<PlaceEntity> {
    const s = w.s;
    return s.update(PlaceEntity, { ...set, version: version + 1, updatedAt: new Date() },
      s.sql`t.id = ${id}::uuid AND t.collaboration_id = ${w.collaborationId}::uuid AND t.version = ${version}::int`, { guard: w.guard });
  }

  /**
   * Deletes an area nothing refers to. The tables with a foreign key to it (reports, places, efforts, concern talks,
   * police statistics) refuse it themselves (23503); the lists of ids without one (an effort's areas, subscriptions,
   * meetings' areas, agenda items) are checked here, in the same statement.
   */
  deleteArea(w: Write, id: string): Step<{ id: string }> {
    const s = w.s;
    return w.require(s.select<{ id: string }>(s.sql`DELETE FROM areas a WHERE a.id = ${id}::uuid AND a.collaboration_id = ${w.collaborationId}::uuid
      AND NOT EXISTS (SELECT 1 FROM efforts e WHERE e.collaboration_id = a.collaboration_id AND a.id = ANY (e.area_ids))
      AND NOT EXISTS (SELECT 1 FROM subscriptions x WHERE x.collaboration_id = a.collaboration_id AND a.id = ANY (x.area_ids))
      AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.collaboration_id = a.collaboration_id AND a.id = ANY (m.area_ids))
      AND NOT EXISTS (SELECT 1 FROM meeting_items i WHERE i.collaboration_id = a.collaboration_id AND i.ref_id = a.id)
      RETURNING a.id`));
  }

  /** Deletes a place nothing refers to (reports and efforts by foreign key; the rest checked here, as for an area). */
  deletePlace(w: Write, id: string): Step<{ id: string }> {
    const s = w.s;
    return w.require(s.select<{ id: string }>(s.sql`DELETE FROM places p WHERE p.id = ${id}::uuid AND p.collaboration_id = ${w.collaborationId}::uuid
      AND NOT EXISTS (SELECT 1 FROM efforts e WHERE e.collaboration_id = p.collaboration_id AND p.id = ANY (e.place_ids))
      AND NOT EXISTS (SELECT 1 FROM subscriptions x WHERE x.collaboration_id = p.collaboration_id AND p.id = ANY (x.place_ids))
      AND NOT EXISTS (SELECT 1 FROM meeting_items i WHERE i.collaboration_id = p.collaboration_id AND i.ref_id = p.id)
      RETURNING p.id`));
  }

  /**
   * What refers to an area (or a place), for the answer to a refused delete: counts over the whole collaboration (no
   * record is shown), and whether anything else does (`other`: e.g. concern talks or police statistics, which not
   * every caller may know of, so they are not counted by kind).
   */
  async usage(kind: 'area' | 'place', collaborationId: string, id: string): Promise<{ reports: number; places: number; efforts: number; subscriptions: number; meetings: number }> {
    const col = kind === 'area' ? 'area' : 'place';
    const [row] = await this.ds.query(
      `SELECT (SELECT count(*) FROM reports WHERE collaboration_id = $1 AND ${col}_id = $2)::int AS reports,
              ${kind === 'area' ? '(SELECT count(*) FROM places WHERE collaboration_id = $1 AND area_id = $2)::int' : '0'} AS places,
              (SELECT count(*) FROM efforts WHERE collaboration_id = $1 AND ($2 = ANY (${col}_ids) OR ${col}_id = $2))::int AS efforts,
              (SELECT count(*) FROM subscriptions WHERE collaboration_id = $1 AND $2 = ANY (${col}_ids))::int AS subscriptions,
              ((SELECT count(*) FROM meeting_items WHERE collaboration_id = $1 AND ref_id = $2)
                ${kind === 'area' ? '+ (SELECT count(*) FROM meetings WHERE collaboration_id = $1 AND $2 = ANY (area_ids))' : ''})::int AS meetings`,
      [collaborationId, id],
    );
    return row;
  }

  /** Which of `ids` are areas (or places) of the collaboration, with their names. */
  existing(kind: 'areas' | 'places', collaborationId: string, ids: string[]): Promise<{ id: string; name: string }[]> {
    return this.ds.query(`SELECT id, name FROM ${kind} WHERE collaboration_id = $1 AND id = ANY($2::uuid[])`, [collaborationId, ids]);
  }
}
