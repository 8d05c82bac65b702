import type { Category } from './categories.js';
import type { OrganisationKind, ReportStatus, Role, Visibility } from './enums.js';

/** Response shapes of the REST API; the web client imports these instead of copying them. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OrganisationRef {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export interface MeResponse {
  id: string;
  email: string;
  name: string;
  role: Role;
  platformAdmin: boolean;
  collaboration: { id: string; name: string; municipality: string };
  organisation: OrganisationRef;
}

export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  user: MeResponse;
}

export interface OrganisationResponse extends OrganisationRef {
  createdAt: string;
}

export interface UserResponse {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  organisation: OrganisationRef;
  version: number;
  createdAt: string;
}

export interface CollaborationResponse {
  id: string;
  name: string;
  municipality: string;
  createdAt: string;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export type GeoJsonPolygon =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface AreaResponse {
  id: string;
  name: string;
  boundary: GeoJsonPolygon | null;
  createdAt: string;
}

export interface PlaceResponse {
  id: string;
  name: string;
  kind: string | null;
  location: LatLng;
  area: { id: string; name: string } | null;
  createdAt: string;
}

export interface ReportResponse {
  id: string;
  seq: number;
  category: Category;
  description: string;
  observedAt: string;
  severity: number;
  status: ReportStatus;
  visibility: Visibility;
  sharedWithOrganisationIds: string[];
  place: { id: string; name: string } | null;
  location: LatLng;
  area: { id: string; name: string } | null;
  organisation: OrganisationRef;
  /** The reporting person: shown to their own organisation only, null for partners. */
  author: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CommentResponse {
  id: string;
  reportId: string;
  seq: number;
  body: string;
  organisation: OrganisationRef;
  author: { id: string; name: string } | null;
  createdAt: string;
}

export interface HistoryEntryResponse {
  id: string;
  action: 'created' | 'updated' | 'commented';
  at: string;
  actor: { id: string; name: string } | null;
  organisation: OrganisationRef;
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface CategoryResponse {
  code: Category;
  sv: string;
  en: string;
}

export interface SubscriptionResponse {
  id: string;
  areaIds: string[];
  placeIds: string[];
  categories: Category[];
  minSeverity: number;
  createdAt: string;
}

export interface AuditEntryResponse {
  id: string;
  at: string;
  action: string;
  user: { id: string; email: string; name: string } | null;
  organisationId: string | null;
  entityType: string | null;
  entityId: string | null;
  entityIds: string[] | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  field?: string;
  kind?: string;
  correlationId?: string;
}
