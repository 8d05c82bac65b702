import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AreaResponse, GeoJsonPolygon, Page, PlaceResponse } from '#contracts';
import type { Actor } from '../common/actor.js';
import { conflict, notFound } from '../common/domain-error.js';
import { type PageQuery, pageByName } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { AuditService } from '../audit/audit.service.js';
import { boundingBox, containsPoint, validateBoundary } from './geojson.js';
import type { CreateAreaDto, CreatePlaceDto, PlaceListQuery } from './geography.dto.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const toArea = (r: Record<string, any>): AreaResponse => ({ id: r.id, name: r.name, boundary: r.boundary, createdAt: iso(r.created_at) });
const toPlace = (r: Record<string, any>): PlaceResponse => ({
  id: r.id, name: r.name, kind: r.kind, location: { lat: r.lat, lng: r.lng },
  area: r.area_id ? { id: r.area_id, name: r.area_name } : null, createdAt: iso(r.created_at),
});
const SELECT_PLACE = 'SELECT p.*, a.name AS area_name FROM places p LEFT JOIN areas a ON a.id = p.area_id';

const AREA_CACHE_MS = 10_000;

interface BoundedArea {
  id: string;
  name: string;
  boundary: GeoJsonPolygon;
  min_lat: number;
  max_lat: number;
  min_lng: number;
  max_lng: number;
}

export interface ResolvedPlace {
  id: string;
  name: string;
  lat: number;
  lng: number;
  areaId: string | null;
  areaName: string | null;
}

/** Areas (with optional boundaries) and places (points) of a collaboration. */
@Injectable()
export class GeographyService {
  constructor(private readonly ds: DataSource, private readonly audit: AuditService) {}

  async createArea(actor: Actor, dto: CreateAreaDto): Promise<AreaResponse> {
    const boundary = dto.boundary === undefined ? null : validateBoundary(dto.boundary);
    const box = boundary ? boundingBox(boundary) : undefined;
    const area = await this.ds.transaction(async (m) => {
      const rows = await m.query(
        `INSERT INTO areas (collaboration_id, name, boundary, min_lat, max_lat, min_lng, max_lng)
         VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING RETURNING *`,
        [actor.collaborationId, dto.name, boundary, box?.minLat ?? null, box?.maxLat ?? null, box?.minLng ?? null, box?.maxLng ?? null],
      );
      if (!rows.length) throw conflict('AREA_EXISTS', `an area named "${dto.name}" already exists`);
      await this.audit.record(actor, { action: 'area.create', entityType: 'area', entityId: rows[0].id }, m);
      return toArea(rows[0]);
    });
    this.areaCache.delete(actor.collaborationId); // after commit, so no reader can cache the old list again
    return area;
  }

  listAreas(actor: Actor, q: PageQuery): Promise<Page<AreaResponse>> {
    return pageByName(this.ds, 'SELECT * FROM areas a', new SqlWhere('a.collaboration_id = $1', actor.collaborationId), 'a', q, toArea);
  }

  async getArea(actor: Actor, id: string): Promise<AreaResponse> {
    const [row] = await this.ds.query('SELECT * FROM areas WHERE id = $1 AND collaboration_id = $2', [id, actor.collaborationId]);
    if (!row) throw notFound('area');
    return toArea(row);
  }

  async createPlace(actor: Actor, dto: CreatePlaceDto): Promise<PlaceResponse> {
    const { lat, lng } = dto.location;
    const area = dto.areaId ? await this.requireArea(actor.collaborationId, dto.areaId, 'areaId') : await this.areaContaining(actor.collaborationId, lat, lng);
    return this.ds.transaction(async (m) => {
      const [row] = await m.query(
        'INSERT INTO places (collaboration_id, area_id, name, kind, lat, lng) VALUES ($1,$2,$3,$4,$5,$6) RETURNING *',
        [actor.collaborationId, area?.id ?? null, dto.name, dto.kind ?? null, lat, lng],
      );
      await this.audit.record(actor, { action: 'place.create', entityType: 'place', entityId: row.id }, m);
      return toPlace({ ...row, area_name: area?.name });
    });
  }

  listPlaces(actor: Actor, q: PlaceListQuery): Promise<Page<PlaceResponse>> {
    const where = new SqlWhere('p.collaboration_id = $1', actor.collaborationId).add('p.area_id = ?', q.areaId);
    return pageByName(this.ds, SELECT_PLACE, where, 'p', q, toPlace);
  }

  async getPlace(actor: Actor, id: string): Promise<PlaceResponse> {
    const [row] = await this.ds.query(`${SELECT_PLACE} WHERE p.id = $1 AND p.collaboration_id = $2`, [id, actor.collaborationId]);
    if (!row) throw notFound('place');
    return toPlace(row);
  }

  /** A place of the collaboration with its area, for other contexts (reports, efforts); 404 names the field. */
  async resolvePlace(collaborationId: string, id: string, field = 'placeId'): Promise<ResolvedPlace> {
    const [row] = await this.ds.query(`${SELECT_PLACE} WHERE p.id = $1 AND p.collaboration_id = $2`, [id, collaborationId]);
    if (!row) throw notFound(`${field}: place`);
    return { id: row.id, name: row.name, lat: row.lat, lng: row.lng, areaId: row.area_id, areaName: row.area_name };
  }

  async requireArea(collaborationId: string, id: string, field = 'areaId'): Promise<{ id: string; name: string }> {
    const [row] = await this.ds.query('SELECT id, name FROM areas WHERE id = $1 AND collaboration_id = $2', [id, collaborationId]);
    if (!row) throw notFound(`${field}: area`);
    return row;
  }

  /** The first area (by name) whose boundary contains the point; the bounding boxes narrow the candidates. */
  async areaContaining(collaborationId: string, lat: number, lng: number): Promise<{ id: string; name: string } | null> {
    const hit = (await this.boundedAreas(collaborationId)).find(
      (a) => lat >= a.min_lat && lat <= a.max_lat && lng >= a.min_lng && lng <= a.max_lng && containsPoint(a.boundary, lat, lng),
    );
    return hit ? { id: hit.id, name: hit.name } : null;
  }

  /**
   * The areas with a boundary, cached per collaboration for AREA_CACHE_MS: every report with only a point needs
   * them, and areas change a few times a year. An area created on this node is seen at once; on another node
   * within AREA_CACHE_MS.
   */
  private async boundedAreas(collaborationId: string): Promise<BoundedArea[]> {
    const hit = this.areaCache.get(collaborationId);
    if (hit && hit.until > Date.now()) return hit.areas;
    const areas: BoundedArea[] = await this.ds.query(
      `SELECT id, name, boundary, min_lat, max_lat, min_lng, max_lng FROM areas
       WHERE collaboration_id = $1 AND boundary IS NOT NULL ORDER BY name, id`,
      [collaborationId],
    );
    this.areaCache.set(collaborationId, { areas, until: Date.now() + AREA_CACHE_MS });
    return areas;
  }

  private readonly areaCache = new Map<string, { areas: BoundedArea[]; until: number }>();
}
