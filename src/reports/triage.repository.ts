import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../common/visibility.js';
import { visibleCondition } from '../common/visibility.js';
import type { Step } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { AnswerTemplateEntity } from './answer-template.entity.js';

export const DEFAULT_TRIAGE_SETTINGS = { duplicateDistanceM: 150, duplicateWindowHours: 72 };

/** The SQL of triage: duplicate suggestions, answer templates, the collaboration's thresholds. */
@Injectable()
export class TriageRepository {
  constructor(private readonly ds: DataSource) {}

  async settings(collaborationId: string): Promise<{ duplicateDistanceM: number; duplicateWindowHours: number }> {
    const [row] = await this.ds.query<{ duplicateDistanceM: number; duplicateWindowHours: number }[]>(
      'SELECT duplicate_distance_m AS "duplicateDistanceM", duplicate_window_hours AS "duplicateWindowHours" FROM triage_settings WHERE collaboration_id = $1',
      [collaborationId],
    );
    return row ?? DEFAULT_TRIAGE_SETTINGS;
  }

  saveSettings(w: Write, values: { duplicateDistanceM: number; duplicateWindowHours: number }): Step<unknown> {
    const s = w.s;
    return s.select(s.sql`INSERT INTO triage_settings (collaboration_id, duplicate_distance_m, duplicate_window_hours)
      VALUES (${w.collaborationId}::uuid, ${values.duplicateDistanceM}::int, ${values.duplicateWindowHours}::int)
      ON CONFLICT (collaboration_id) DO UPDATE SET duplicate_distance_m = EXCLUDED.duplicate_distance_m,
        duplicate_window_hours = EXCLUDED.duplicate_window_hours, updated_at = now() RETURNING 1 AS "written"`);
  }

  /**
   * Reports the viewer may see that may be the same observation as `reportId`: the same category, not merged, not
   * closed, within `distanceM` metres (haversine on the points) and `windowHours` of its observation; nearest first.
   */
  duplicates(viewer: Viewer, reportId: string, distanceM: number, windowHours: number, limit: number): Promise<{ id: string; distanceM: number; hoursApart: number }[]> {
    return this.ds.query(
      `SELECT c.id, round(d.m)::int AS "distanceM", round(abs(extract(epoch FROM c.observed_at - r.observed_at)) / 3600.0, 1)::float8 AS "hoursApart"
       FROM reports r JOIN reports c ON c.collaboration_id = r.collaboration_id AND c.category = r.category AND c.id <> r.id
       CROSS JOIN LATERAL (SELECT 2 * 6371000 * asin(sqrt(
           power(sin(radians(c.lat - r.lat) / 2), 2) + cos(radians(r.lat)) * cos(radians(c.lat)) * power(sin(radians(c.lng - r.lng) / 2), 2)
         )) AS m) d
       WHERE r.id = $3 AND c.merged_into IS NULL AND c.status <> 'closed' AND ${visibleCondition('c', '$1', '$2')}
         AND d.m <= $4 AND abs(extract(epoch FROM c.observed_at - r.observed_at)) <= $5 * 3600
       ORDER BY d.m, abs(extract(epoch FROM c.observed_at - r.observed_at)), c.id LIMIT $6`,
      [viewer.collaborationId, viewer.organisationId, reportId, distanceM, windowHours, limit],
    );
  }

  templates(collaborationId: string): Promise<AnswerTemplateEntity[]> {
    return this.ds.query(
      `SELECT id, title, body, created_at AS "createdAt", collaboration_id AS "collaborationId", created_by AS "createdBy"
       FROM answer_templates WHERE collaboration_id = $1 ORDER BY title, id`,
      [collaborationId],
    );
  }

  insertTemplate(w: Write, t: Pick<AnswerTemplateEntity, 'id' | 'title' | 'body' | 'createdBy'>): Step<unknown> {
    return w.s.insert(AnswerTemplateEntity, { ...t, collaborationId: w.collaborationId }, { returning: 'marker' });
  }

  deleteTemplate(w: Write, id: string): Step<unknown> {
    const s = w.s;
    return s.select(s.sql`DELETE FROM answer_templates WHERE id = ${id}::uuid AND collaboration_id = ${w.collaborationId}::uuid RETURNING 1 AS "written"`);
  }
}

