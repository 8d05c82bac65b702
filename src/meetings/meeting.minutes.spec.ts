import { describe, expect, it } from '@jest/globals';
import type { MeetingAgendaResponse, MeetingResponse } from '#contracts';
import { isWinAnsi } from '../common/pdf.js';
import { minutesDocument, minutesPdf } from './meeting.minutes.js';

const org = { id: 'o1', name: 'Polisen Lidköping', kind: 'police' as const };
const meeting = (over: Partial<MeetingResponse> = {}): MeetingResponse => ({
  id: 'm1', kind: 'joint', date: '2026-12-02T12:00:00.000Z', week: '2026-W49', title: null, organisations: [org], areas: [],
  items: [], decisions: [], createdBy: null, createdAt: '2026-12-01T08:00:00.000Z', version: 1, ...over,
});
const agenda: MeetingAgendaResponse = {
  meetingId: 'm1',
  period: { week: '2026-W49', weekStart: '', weekEnd: '', hotspotsFrom: '', hotspotsTo: '' },
  openReports: { total: 0, bySeverity: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, top: [] },
  hotspots: [],
  picture: { week: '2026-W48', snapshot: null, joint: false, total: { current: 0, previous: 0, average: 0, vsPrevious: 0, vsAverage: 0, trend: 'steady' }, hotspots: [] },
  efforts: { due: [], overdue: [] },
};
const input = (m: MeetingResponse) => ({ meeting: m, agenda, exportedBy: { name: 'Karin', organisationName: 'Kommunen' }, exportedAt: new Date('2026-12-03T10:00:00Z'), categoryLabels: { vandalism: 'Skadegörelse', trygghetsvandring: 'Trygghetsvandring' } });

describe('the minutes', () => {
  it('knows which characters a standard 14 font shows (WinAnsi)', () => {
    expect(isWinAnsi('Samverkansmöte i Lidköping – ÅÄÖ åäö é ü ß € “citat” …\n')).toBe(true);
    for (const text of ['Łęczyca', 'Ωμέγα', '≥ 3', '😀', 'Москва']) expect({ text, winAnsi: isWinAnsi(text) }).toEqual({ text, winAnsi: false });
  });

  it('uses Helvetica for Swedish, and embeds Roboto when a character is beyond it', () => {
    expect(minutesDocument(input(meeting())).defaultStyle?.font).toBe('Helvetica');
    expect(minutesDocument(input(meeting({ title: 'Möte med vänorten Łęczyca' }))).defaultStyle?.font).toBe('Roboto');
  });

  it("names categories by the collaboration's labels, its own categories included", () => {
    const withReports: MeetingAgendaResponse = {
      ...agenda,
      openReports: {
        total: 2, bySeverity: { 1: 0, 2: 0, 3: 2, 4: 0, 5: 0 },
        top: [
          { id: 'r1', category: 'trygghetsvandring', severity: 3, status: 'new', observedAt: '2026-11-30T18:00:00.000Z', place: null, area: { id: 'a1', name: 'Centrum' } },
          { id: 'r2', category: 'vandalism', severity: 3, status: 'new', observedAt: '2026-11-30T19:00:00.000Z', place: null, area: { id: 'a1', name: 'Centrum' } },
        ],
      },
    };
    const text = JSON.stringify(minutesDocument({ ...input(meeting()), agenda: withReports }).content);
    expect(text).toContain('Trygghetsvandring');
    expect(text).toContain('Skadegörelse');
    expect(text).not.toContain('"vandalism"');
  });

  it('is an A4 document titled by kind and date', async () => {
    const doc = minutesDocument(input(meeting({ kind: 'rural_council' })));
    expect(doc.pageSize).toBe('A4');
    expect(doc.info?.title).toBe('Protokoll – Landsbygdsråd 2026-12-02');
    const pdf = await minutesPdf(input(meeting()));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  });
});
