import { downloadFile } from './download.js';

/** A meeting's date and time (<input type="datetime-local">) as an instant, or null when it is not one. */
export function meetingInstant(local: string): string | null {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Downloads the minutes (GET /api/meetings/:id/minutes?format=pdf) with the bearer token, as the rest of the client
 * sends it, and saves the PDF under the name the server gives it.
 */
export function downloadMinutes(meetingId: string, fallbackName: string): Promise<void> {
  return downloadFile(`/api/meetings/${meetingId}/minutes?format=pdf`, 'application/pdf', fallbackName);
}
