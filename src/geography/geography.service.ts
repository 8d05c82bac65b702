import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AreaResponse, Page, PlaceResponse } from '#contracts';
import type { Actor } from '../common/actor.js';
import { conflict, DomainError, notFound } from '../common/domain-error.js';
import type { PageQuery } from '../common/pagination.js';
import { WritePath } from '../common/write/write-path.js';
import type { AreaEntity } from './area.entity.js';
import { boundingBox, containsPoint, validateBoundary } from './geojson.js';
import type { CreateAreaDto, CreatePlaceDto, PlaceListQuery } from './geography.dto.js';
import { type BoundedArea, GeographyRepository, type PlaceView } from './geography.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const toArea = (r: AreaEntity): AreaResponse => ({ id: r.id, name: r.name, boundary: r.boundary, createdAt: iso(r.createdAt) });
const toPlace = (r: PlaceView): PlaceResponse => ({
  id: r.id, name: r.name, kind: r.kind, location: { lat: r.lat, lng: r.lng },
  area: r.areaId ? { id: r.areaId, name: r.areaName! } : null, createdAt: iso(r.createdAt),
});

const AREA_CACHE_MS = 10_000;

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
  constructor(private readonly repo: GeographyRepository, private readonly writes: WritePath) {}

  async createArea(actor: Actor, dto: CreateAreaDto): Promise<AreaResponse> {
    const boundary = dto.boundary === undefined ? null : validateBoundary(dto.boundary);
    const box = boundary ? boundingBox(boundary) : undefined;
    const id = randomUUID();
    const result = await this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'area.create', entityType: 'area', entityId: id });
      return this.repo.insertArea(w, {
        id, collaborationId: actor.collaborationId, name: dto.name, boundary,
        minLat: box?.minLat ?? null, maxLat: box?.maxLat ?? null, minLng: box?.minLng ?? null, maxLng: box?.maxLng ?? null,
      });
    });
    if (result.kind !== 'written') throw conflict('AREA_EXISTS', `an area named "${dto.name}" already exists`);
    this.areaCache.delete(actor.collaborationId); // after commit, so no reader can cache the old list again
    return toArea(result.rows[0]);
  }

  listAreas(actor: Actor, q: PageQuery): Promise<Page<AreaResponse>> {
    return this.repo.listAreas(actor.collaborationId, q, toArea);
  }

  async getArea(actor: Actor, id: string): Promise<AreaResponse> {
    const row = await this.repo.area(actor.collaborationId, id);
    if (!row) throw notFound('area');
    return toArea(row);
  }

  async createPlace(actor: Actor, dto: CreatePlaceDto): Promise<PlaceResponse> {
    const { lat, lng } = dto.location;
    const area = dto.areaId ? await this.requireArea(actor.collaborationId, dto.areaId, 'areaId') : await this.areaContaining(actor.collaborationId, lat, lng);
    const id = randomUUID();
    const result = await this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'place.create', entityType: 'place', entityId: id });
      return this.repo.insertPlace(w, { id, collaborationId: actor.collaborationId, areaId: area?.id ?? null, name: dto.name, kind: dto.kind ?? null, lat, lng });
    });
    if (result.kind !== 'written') throw new Error('a place insert has no requirement to refuse it');
    return toPlace({ ...result.rows[0], areaName: area?.name ?? null });
  }

  listPlaces(actor: Actor, q: PlaceListQuery): Promise<Page<PlaceResponse>> {
    return this.repo.listPlaces(actor.collaborationId, q.areaId, q, toPlace);
  }

  async getPlace(actor: Actor, id: string): Promise<PlaceResponse> {
    const row = await this.repo.place(actor.collaborationId, id);
    if (!row) throw notFound('place');
    return toPlace(row);
  }

  /** A place of the collaboration with its area, for other contexts (reports, efforts); 404 names the field. */
  async resolvePlace(collaborationId: string, id: string, field = 'placeId'): Promise<ResolvedPlace> {
    const row = await this.repo.place(collaborationId, id);
    if (!row) throw notFound(`${field}: place`);
    return { id: row.id, name: row.name, lat: row.lat, lng: row.lng, areaId: row.areaId, areaName: row.areaName };
  }

  async requireArea(collaborationId: string, id: string, field = 'areaId'): Promise<{ id: string; name: string }> {
    const row = await this.repo.area(collaborationId, id);
    if (!row) throw notFound(`${field}: area`);
    return { id: row.id, name: row.name };
  }

  /** Ids that are not areas (or places) of the collaboration answer 404 for the named field. */
  async assertAllExist(kind: 'areas' | 'places', collaborationId: string, ids: string[], field: string): Promise<void> {
    await this.named(kind, collaborationId, ids, field);
  }

  /** The areas (or places) of `ids` with their names, in the order given; 404 for the named field if one is not the collaboration's. */
  async named(kind: 'areas' | 'places', collaborationId: string, ids: string[], field: string): Promise<{ id: string; name: string }[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const found = await this.repo.existing(kind, collaborationId, unique);
    if (found.length !== unique.length) {
      throw new DomainError('not_found', 'NOT_FOUND', `${field}: ${kind === 'areas' ? 'area' : 'place'} not found`, { field });
    }
    return unique.map((id) => found.find((f) => f.id === id)!);
  }

  /** The first area (by name) whose boundary contains the point; the bounding boxes narrow the candidates. */
  async areaContaining(collaborationId: string, lat: number, lng: number): Promise<{ id: string; name: string } | null> {
    const hit = (await this.boundedAreas(collaborationId)).find(
      (a) => lat >= a.minLat! && lat <= a.maxLat! && lng >= a.minLng! && lng <= a.maxLng! && containsPoint(a.boundary, lat, lng),
    );
    return hit ? { id: hit.id, name: hit.name } : null;
  }

  /** The outlines of the collaboration's areas (for maps in exported files), by name. */
  async outlines(collaborationId: string): Promise<{ id: string; name: string; boundary: BoundedArea['boundary'] }[]> {
    return (await this.boundedAreas(collaborationId)).map((a) => ({ id: a.id, name: a.name, boundary: a.boundary }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  /** The names of all the collaboration's areas by id (the pictures name their counts with them), from the same cache. */
  async areaNames(collaborationId: string): Promise<Map<string, string>> {
    return (await this.cachedAreas(collaborationId)).names;
  }

  private async boundedAreas(collaborationId: string): Promise<BoundedArea[]> {
    return (await this.cachedAreas(collaborationId)).bounded;
  }

  /**
   * The areas, cached per collaboration for AREA_CACHE_MS: every report with only a point needs the bounded ones,
   * every picture their names, and areas change a few times a year. An area created on this node is seen at once;
   * on another node within AREA_CACHE_MS.
   */
  private async cachedAreas(collaborationId: string): Promise<CachedAreas> {
    const hit = this.areaCache.get(collaborationId);
    if (hit && hit.until > Date.now()) return hit;
    const areas = await this.repo.areas(collaborationId);
    const cached = {
      bounded: areas.filter((a): a is BoundedArea => a.boundary !== null),
      names: new Map(areas.map((a) => [a.id, a.name])),
      until: Date.now() + AREA_CACHE_MS,
    };
    this.areaCache.set(collaborationId, cached);
    return cached;
  }

  private readonly areaCache = new Map<string, CachedAreas>();
}

interface CachedAreas {
  bounded: BoundedArea[];
  names: Map<string, string>;
  until: number;
}
