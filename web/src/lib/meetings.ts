import { HttpError, NetworkError, getSession } from './api.js';

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
export async function downloadMinutes(meetingId: string, fallbackName: string): Promise<void> {
  const token = getSession()?.accessToken;
  let res: Response;
  try {
    res = await fetch(`/api/meetings/${meetingId}/minutes?format=pdf`, {
      headers: { accept: 'application/pdf', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new NetworkError(e);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    let body: { statusCode: number; message: string } = { statusCode: res.status, message: text || res.statusText };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      /* not JSON */
    }
    throw new HttpError(res.status, { error: res.statusText, ...body });
  }
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
