export interface ClientConfig {
  mapTileUrl: string;
  mapTileAttribution: string;
}

const KEY = 'lagesbild.clientConfig';
let loaded: Promise<ClientConfig> | null = null;

/** GET /api/client-config (public). Missing endpoint, no network or empty URL: a map without tiles. */
export function clientConfig(): Promise<ClientConfig> {
  loaded ??= fetch('/api/client-config', { headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) return { mapTileUrl: '', mapTileAttribution: '' };
      const body = (await res.json()) as Partial<ClientConfig>;
      const cfg = { mapTileUrl: String(body.mapTileUrl ?? ''), mapTileAttribution: String(body.mapTileAttribution ?? '') };
      localStorage.setItem(KEY, JSON.stringify(cfg));
      return cfg;
    })
    .catch(() => {
      try {
        return JSON.parse(localStorage.getItem(KEY) ?? '') as ClientConfig;
      } catch {
        return { mapTileUrl: '', mapTileAttribution: '' };
      }
    });
  return loaded;
}
