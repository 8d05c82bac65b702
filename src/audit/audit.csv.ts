import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AuditView } from './audit.repository.js';

/**
 * The audit log as a CSV file for Swedish Excel, as the pictures' CSV is (src/pictures/exporters/picture-csv.ts says
 * why): UTF-8 with a byte order mark, `;` between fields, Swedish headers, times in Stockholm as `YYYY-MM-DD HH:mm:ss`,
 * and text that begins like a formula (`=`, `+`, `-`, `@`) written with a leading apostrophe (csv-stringify's
 * `escape_formulas`): a user's name or a detail is never run as a formula. Who acted is left empty where the reader
 * may not know it, as in the JSON.
 */
export const AUDIT_CSV_COLUMNS = [
  { key: 'at', header: 'Tid' },
  { key: 'action', header: 'Händelse' },
  { key: 'user', header: 'Användare' },
  { key: 'email', header: 'E-post' },
  { key: 'organisation', header: 'Organisation' },
  { key: 'entityType', header: 'Posttyp' },
  { key: 'entityId', header: 'Post-id' },
  { key: 'entityIds', header: 'Poster' },
  { key: 'ip', header: 'IP-adress' },
  { key: 'requestId', header: 'Anrops-id' },
  { key: 'details', header: 'Detaljer' },
] as const;

const STOCKHOLM = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

/** "2026-12-03 23:58:22" in Stockholm. */
export const stockholmTime = (d: Date | string) => STOCKHOLM.format(new Date(d)).replace(',', '');

export function auditRecord(r: AuditView): Record<(typeof AUDIT_CSV_COLUMNS)[number]['key'], string> {
  const actor = r.showActor && r.userId;
  return {
    at: stockholmTime(r.at),
    action: r.action,
    user: actor ? (r.userName ?? '') : '',
    email: actor ? (r.userEmail ?? '') : '',
    organisation: r.organisationName ?? '',
    entityType: r.entityType ?? '',
    entityId: r.entityId ?? '',
    entityIds: r.entityIds?.join(', ') ?? '',
    ip: r.showActor ? (r.ip ?? '') : '',
    requestId: r.showActor ? (r.requestId ?? '') : '',
    details: r.details ? JSON.stringify(r.details) : '',
  };
}

/** The file, streamed: read from `rows` only as fast as the returned stream is read; an error of either ends both. */
export function auditCsv(rows: AsyncIterable<AuditView>): Readable {
  const file = stringify({
    bom: true, delimiter: ';', header: true, escape_formulas: true,
    columns: AUDIT_CSV_COLUMNS.map((c) => ({ key: c.key, header: c.header })),
  });
  pipeline(Readable.from((async function* () {
    for await (const r of rows) yield auditRecord(r);
  })()), file, () => {
    // pipeline has destroyed both streams on an error (the reader of `file` sees it); nothing else to do.
  });
  return file;
}
