import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Readable } from 'node:stream';
import { HIDDEN, META, WEEK_REPORTS, rowsOf } from './fixtures.js';
import { CSV_HEADERS, type PictureReportRow, pictureReportRow, reportsCsv } from './picture-csv.js';

async function text(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const row = (over: Partial<PictureReportRow> = {}): PictureReportRow => ({
  id: 'r1', observedAt: new Date('2026-07-04T20:30:00Z'), category: 'drug_use', severity: 3, status: 'new', placeName: 'Resecentrum',
  areaName: 'Centrum', organisationName: 'Polisen Lidköping', lat: 58.5058123, lng: 13.1622, description: 'Sprutor vid cykelställen.', ...over,
});

describe('the reports as CSV', () => {
  it('is UTF-8 with a BOM, ; between fields, CRLF, the Swedish header first and one record per report', async () => {
    const csv = await text(reportsCsv(rowsOf(WEEK_REPORTS.map(pictureReportRow)), META));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = csv.subarray(3).toString('utf8');
    expect(body.split('\r\n')[0]).toBe('Id;Observerad;Kategori;Allvarlighet;Status;Plats;Område;Organisation;Latitud;Longitud;Beskrivning');
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/\n/); // no description of the fixture has a line break

    const records: Record<string, string>[] = parse(csv, { bom: true, delimiter: ';', columns: true, record_delimiter: '\r\n' });
    expect(Object.keys(records[0])).toEqual(CSV_HEADERS);
    expect(records.map((r) => r.Id)).toEqual(WEEK_REPORTS.map((r) => r.id));
    expect(records.map((r) => r.Beskrivning)).toEqual(WEEK_REPORTS.map((r) => r.description));
    expect(csv.toString('utf8')).not.toContain(HIDDEN);

    // 16 November 2026 21:40 in Stockholm is 20:40 UTC: the file says 21:40 whatever the machine's zone.
    expect(records[0]).toMatchObject({
      Observerad: '2026-11-16 21:40', Kategori: 'Narkotikabruk', Allvarlighet: '3', Status: 'Ny', Plats: 'Resecentrum', Område: 'Centrum',
      Organisation: 'Polisen Lidköping',
    });
    expect(records[0].Latitud).toMatch(/^58,50\d{4}$/);
    expect(records[0].Longitud).toMatch(/^13,16\d{4}$/);
    // A description with ; and quotes is quoted, and parses back whole.
    expect(records[2].Beskrivning).toBe('Misshandel vid busshållplats C; "två skadade", ambulans tillkallad.');
    // A report outside every area and at no named place: empty fields.
    const outside = records.find((r) => r.Kategori === 'Buskörning')!;
    expect([outside.Plats, outside.Område]).toEqual(['', '']);
  });

  it('writes Stockholm summer time in summer, six decimals with a comma, and keeps a formula as text', async () => {
    const csv = (await text(reportsCsv(rowsOf([
      row(),
      row({ id: 'r2', description: '=HYPERLINK("http://exempel.se";"klicka")', placeName: '+46 torget', lng: -0.1234 }),
      row({ id: 'r3', description: 'Rad ett\nrad två', observedAt: new Date('2026-12-31T23:30:00Z') }),
    ]), META))).toString('utf8');
    const records: Record<string, string>[] = parse(csv, { bom: true, delimiter: ';', columns: true });
    expect(records[0]).toMatchObject({ Observerad: '2026-07-04 22:30', Latitud: '58,505812', Longitud: '13,162200' });
    expect(records[1]).toMatchObject({ Beskrivning: '\'=HYPERLINK("http://exempel.se";"klicka")', Plats: '\'+46 torget', Longitud: '-0,123400' });
    // New Year's Eve 23:30 UTC is already 2027 in Stockholm; a line break inside a field is quoted.
    expect(records[2]).toMatchObject({ Observerad: '2027-01-01 00:30', Beskrivning: 'Rad ett\nrad två' });
  });

  it('reads its rows only as fast as it is read, and closes them when its reader goes away', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<PictureReportRow> {
      try {
        for (;;) yield row({ id: `r${pulled++}` });
      } finally {
        closed = true;
      }
    }
    const stream = reportsCsv(endless(), META);
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    stream.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(first.length).toBeGreaterThan(0);
    // The buffers on the way hold a few dozen records (16 objects, 16 KiB of text), never the endless rest.
    expect(pulled).toBeLessThan(1000);
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });

  it('errors when its rows fail', async () => {
    async function* failing(): AsyncGenerator<PictureReportRow> {
      yield row();
      throw new Error('connection lost');
    }
    await expect(text(reportsCsv(failing(), META))).rejects.toThrow('connection lost');
  });

  it('streams 200,000 rows in flat memory', async () => {
    // A full GC before each sample: V8's flag, set at run time, and its gc() taken from a fresh context (jest runs
    // without --expose-gc).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap: Record<number, number> = {};
    const TOTAL = 200_000;
    async function* many(): AsyncGenerator<PictureReportRow> {
      const at = Date.parse('2026-11-16T00:00:00Z');
      for (let i = 0; i < TOTAL; i++) {
        if (i === 20_000 || i === TOTAL - 1) {
          gc();
          heap[i] = process.memoryUsage().heapUsed;
        }
        yield row({
          id: `9e8d7c6b-5a49-4838-a727-${String(i).padStart(12, '0')}`, observedAt: new Date(at + i * 3000),
          lat: 58.5 + (i % 1000) / 100000, description: `Rapport nummer ${i}: klotter på fasaden och krossade rutor i trapphuset.`,
        });
      }
    }
    let bytes = 0;
    let lines = 0;
    for await (const chunk of reportsCsv(many(), META)) {
      bytes += chunk.length;
      for (let at = (chunk as Buffer).indexOf(0x0a); at >= 0; at = (chunk as Buffer).indexOf(0x0a, at + 1)) lines++;
    }
    expect(lines).toBe(TOTAL + 1);
    // The 180,000 rows between the samples are about 30 MB of CSV and twice that as objects: had anything kept them
    // (the rows, the records or the text), the heap would have grown by tens of MB. Streaming, it stays within noise.
    expect(bytes).toBeGreaterThan(30_000_000);
    const growth = heap[TOTAL - 1] - heap[20_000];
    expect(growth).toBeLessThan(bytes / 20);
    expect(growth).toBeLessThan(4 * 1024 * 1024);
  });
});
