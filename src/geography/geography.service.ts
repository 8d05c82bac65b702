import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AreaResponse, Page, PlaceResponse } from '#contracts';
import type { Actor } from '../common/actor.js';
import { CHANNELS } from '../common/channels.js';
import { conflict, DomainError, notFound } from '../common/domain-error.js';
import { NotificationsService } from '../common/notifications.service.js';
import type { PageQuery } from '../common/pagination.js';
import { WritePath } from '../common/write/write-path.js';
import type { AreaEntity } from './area.entity.js';
import { boundingBox, type BoundingBox, containsPoint, validateBoundary } from './geojson.js';
import type { CreateAreaDto, CreatePlaceDto, PlaceListQuery, UpdateAreaDto, UpdatePlaceDto } from './geography.dto.js';
import { type BoundedArea, GeographyRepository, type PlaceView } from './geography.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const toArea = (r: AreaEntity): AreaResponse => ({ id: r.id, name: r.name, boundary: r.boundary, createdAt: iso(r.createdAt), version: r.version });
const toPlace = (r: PlaceView): PlaceResponse => ({
  id: r.id, name: r.name, kind: r.kind, location: { lat: r.lat, lng: r.lng },
  area: r.areaId ? { id: r.areaId, name: r.areaName! } : null, createdAt: iso(r.createdAt), version: r.version,
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
  constructor(private readonly repo: GeographyRepository, private readonly writes: WritePath, notifications: NotificationsService) {
    // An area added, redrawn, renamed or deleted on any node: this node's copy of the collaboration's areas goes.
    notifications.on(CHANNELS.areas, (collaborationId) => this.areaCache.delete(collaborationId));
    notifications.onConnected(() => this.areaCache.clear());
  }

  async createArea(actor: Actor, dto: CreateAreaDto): Promise<AreaResponse> {
    const boundary = dto.boundary === undefined ? null : validateBoundary(dto.boundary);
    const box = boundary ? boundingBox(boundary) : undefined;
    const id = randomUUID();
    const result = await this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'area.create', entityType: 'area', entityId: id });
      w.notify(CHANNELS.areas, actor.collaborationId);
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

  // ---- Edits from the admin screens ----

  /**
   * Renames an area or redraws (or removes) its boundary, at the version the edit was made against (coordinators).
   * Reports and places keep the area they were given: a report's area is where it was when it was reported.
   */
  async updateArea(actor: Actor, id: string, dto: UpdateAreaDto): Promise<AreaResponse> {
    const current = await this.repo.area(actor.collaborationId, id);
    if (!current) throw notFound('area');
    const boundary = dto.boundary === undefined ? current.boundary : dto.boundary === null ? null : validateBoundary(dto.boundary);
    if (current.version !== dto.version) throw versionConflict('area', current.version);
    const set: Partial<AreaEntity> = { name: dto.name ?? current.name };
    if (dto.boundary !== undefined) {
      const box = boundary ? boundingBox(boundary) : undefined;
      Object.assign(set, { boundary, minLat: box?.minLat ?? null, maxLat: box?.maxLat ?? null, minLng: box?.minLng ?? null, maxLng: box?.maxLng ?? null });
    }
    const fields = [...(dto.name !== undefined && dto.name !== current.name ? ['name'] : []), ...(dto.boundary !== undefined ? ['boundary'] : [])];
    const result = await this.unique(dto.name ?? current.name, () => this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'area.update', entityType: 'area', entityId: id, details: { fields, ...(fields.includes('name') && { from: current.name, to: dto.name }) } });
      w.notify(CHANNELS.areas, actor.collaborationId);
      return this.repo.updateArea(w, id, current.version, set);
    }));
    if (result.kind !== 'written' || !result.rows.length) {
      const now = await this.repo.area(actor.collaborationId, id);
      if (!now) throw notFound('area');
      throw versionConflict('area', now.version);
    }
    this.areaCache.delete(actor.collaborationId);
    return toArea(result.rows[0]);
  }

  /** Deletes an area nothing refers to (coordinators); one in use is a 409 AREA_IN_USE saying by what. */
  async deleteArea(actor: Actor, id: string): Promise<void> {
    if (!(await this.repo.area(actor.collaborationId, id))) throw notFound('area');
    const result = await this.inUse('area', actor, id, () => this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'area.delete', entityType: 'area', entityId: id });
      w.notify(CHANNELS.areas, actor.collaborationId);
      return this.repo.deleteArea(w, id);
    }));
    if (result.kind !== 'written' || !result.rows.length) {
      if (!(await this.repo.area(actor.collaborationId, id))) throw notFound('area');
      throw await this.inUseError('area', actor.collaborationId, id);
    }
    this.areaCache.delete(actor.collaborationId);
  }

  /** Renames a place or changes its kind, at the version the edit was made against (coordinators). */
  async updatePlace(actor: Actor, id: string, dto: UpdatePlaceDto): Promise<PlaceResponse> {
    const current = await this.repo.place(actor.collaborationId, id);
    if (!current) throw notFound('place');
    if (current.version !== dto.version) throw versionConflict('place', current.version);
    const result = await this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'place.update', entityType: 'place', entityId: id, details: { fields: [...(dto.name !== undefined ? ['name'] : []), ...(dto.kind !== undefined ? ['kind'] : [])] } });
      return this.repo.updatePlace(w, id, current.version, { name: dto.name ?? current.name, kind: dto.kind === undefined ? current.kind : dto.kind });
    });
    if (result.kind !== 'written' || !result.rows.length) {
      const now = await this.repo.place(actor.collaborationId, id);
      if (!now) throw notFound('place');
      throw versionConflict('place', now.version);
    }
    return toPlace({ ...result.rows[0], areaName: current.areaName });
  }

  /** Deletes a place nothing refers to (coordinators); one in use is a 409 PLACE_IN_USE saying by what. */
  async deletePlace(actor: Actor, id: string): Promise<void> {
    if (!(await this.repo.place(actor.collaborationId, id))) throw notFound('place');
    const result = await this.inUse('place', actor, id, () => this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'place.delete', entityType: 'place', entityId: id });
      return this.repo.deletePlace(w, id);
    }));
    if (result.kind !== 'written' || !result.rows.length) {
      if (!(await this.repo.place(actor.collaborationId, id))) throw notFound('place');
      throw await this.inUseError('place', actor.collaborationId, id);
    }
  }

  /** The write, with a foreign key's refusal (a report, a place, ... refers to the record) answered as "in use". */
  private async inUse<T>(kind: 'area' | 'place', actor: Actor, id: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if ((e as { code?: string }).code === '23503') throw await this.inUseError(kind, actor.collaborationId, id);
      throw e;
    }
  }

  private async inUseError(kind: 'area' | 'place', collaborationId: string, id: string): Promise<DomainError> {
    const usage = await this.repo.usage(kind, collaborationId, id);
    const what = [
      [usage.reports, 'reports'], [usage.places, 'places'], [usage.efforts, 'efforts'], [usage.subscriptions, 'subscriptions'], [usage.meetings, 'meetings'],
    ].filter(([n]) => n).map(([n, label]) => `${n} ${label}`);
    return new DomainError('conflict', kind === 'area' ? 'AREA_IN_USE' : 'PLACE_IN_USE',
      `the ${kind} is in use (${what.length ? what.join(', ') : 'by other records'}) and is kept: ${kind === 'area' ? 'rename or redraw it instead' : 'rename it instead'}`,
      { ...usage });
  }

  /** An area name taken by another area of the collaboration (any case): 409 AREA_EXISTS. */
  private async unique<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if ((e as { code?: string; constraint?: string }).code === '23505') throw conflict('AREA_EXISTS', `an area named "${name}" already exists`);
      throw e;
    }
  }

  /**
   * The bounding box of all the collaboration's areas with a boundary (null: none has one), for the plausibility of a
   * report's point: the municipality as its partners drew it.
   */
  async extent(collaborationId: string): Promise<BoundingBox | null> {
    const areas = await this.boundedAreas(collaborationId);
    if (!areas.length) return null;
    return {
      minLat: Math.min(...areas.map((a) => a.minLat!)), maxLat: Math.max(...areas.map((a) => a.maxLat!)),
      minLng: Math.min(...areas.map((a) => a.minLng!)), maxLng: Math.max(...areas.map((a) => a.maxLng!)),
    };
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
   * every picture their names, and areas change a few times a year. A change is announced on CHANNELS.areas in the
   * statement that commits it, and every node drops its copy when it hears it (all copies after its listener
   * reconnects); AREA_CACHE_MS is what a node that missed a notification waits at most.
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

const versionConflict = (what: 'area' | 'place', currentVersion: number) =>
  new DomainError('conflict', 'VERSION_CONFLICT', `the ${what} was changed meanwhile (it is at version ${currentVersion}): read it again`, { currentVersion });
