import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { META } from './fixtures.js';
import { CSV_FORMULA_STARTS, CSV_HEADERS, reportsCsv } from './picture-csv.js';

// The records themselves are written by PostgreSQL's COPY: their format is tested against a database
// (test/integration/pictures-csv.spec.ts). Here: the file around them.

async function text(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('the CSV file around the records', () => {
  it('puts the byte order mark before the records, and nothing else', async () => {
    const records = 'Id;Observerad\nr1;2026-11-16 21:40\n';
    const csv = await text(reportsCsv(Readable.from([Buffer.from(records)]), META));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe(records);
  });

  it('reads its records only as fast as it is read, and destroys them when its reader goes away', async () => {
    let pulled = 0;
    const records = new Readable({
      // As a socket does: data comes on a later turn of the event loop.
      read() {
        setImmediate(() => {
          pulled++;
          this.push(Buffer.alloc(1024, 0x61));
        });
      },
    });
    const stream = reportsCsv(records, META);
    await new Promise((resolve) => stream.once('data', resolve));
    stream.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The buffers on the way hold a few high-water marks (16 KiB each), never an endless rest.
    expect(pulled).toBeLessThan(200);
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(records.destroyed).toBe(true);
  });

  it('errors when its records fail', async () => {
    const records = new Readable({ read() {} });
    const stream = reportsCsv(records, META);
    records.push(Buffer.from('Id\n'));
    setTimeout(() => records.destroy(new Error('connection lost')), 10);
    await expect(text(stream)).rejects.toThrow('connection lost');
  });

  it('names its columns in Swedish and guards the characters that start a formula', () => {
    expect(CSV_HEADERS).toEqual(['Id', 'Observerad', 'Kategori', 'Allvarlighet', 'Status', 'Plats', 'Område', 'Organisation', 'Latitud', 'Longitud', 'Beskrivning']);
    expect(CSV_FORMULA_STARTS).toEqual(expect.arrayContaining(['=', '+', '-', '@', '\t', '\r']));
  });
});
