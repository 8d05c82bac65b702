import { HttpError, NetworkError, getSession } from './api.js';

/**
 * Downloads a file of the API (the meeting minutes, a picture's PDF/XLSX/CSV/GeoJSON, a snapshot's files) with the
 * bearer token, as the rest of the client sends it, and saves it under the name the server gives it
 * (`Content-Disposition`), else `fallbackName`. The server takes the httpOnly cookie too, so the same address works
 * as a plain link (middle click, "save link as"); going through fetch lets a refusal be shown in the page instead of
 * replacing it with the API's JSON.
 */
export async function downloadFile(path: string, accept: string, fallbackName: string): Promise<void> {
  const token = getSession()?.accessToken;
  let res: Response;
  try {
    res = await fetch(path, {
      headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) },
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
