import type { DefaultCategory, OrganisationKind, Role } from '#contracts';

/** Demo data that looks like Lidköping: partners, areas with polygons, places, and what tends to happen where. */
export const DEMO_PASSWORD = 'Lagesbild-demo-2026';
export const DEMO_DOMAIN = 'lagesbild.demo';

export const DEMO_ORGANISATIONS: { code: string; name: string; kind: OrganisationKind }[] = [
  { code: 'polis', name: 'Polisen Lidköping', kind: 'police' },
  { code: 'kommun', name: 'Lidköpings kommun – trygghetssamordning', kind: 'municipality' },
  { code: 'bostader', name: 'AB Bostäder i Lidköping', kind: 'property_owner' },
  { code: 'centrum', name: 'Lidköpings Centrumförening', kind: 'business' },
  { code: 'katedral', name: 'Katedralskolan', kind: 'school' },
  { code: 'stenhammar', name: 'Stenhammarskolan', kind: 'school' },
  { code: 'social', name: 'Socialtjänsten Lidköping', kind: 'social_services' },
];

export const DEMO_ROLES: { role: Role; sv: string }[] = [
  { role: 'member', sv: 'medlem' },
  { role: 'coordinator', sv: 'samordnare' },
  { role: 'admin', sv: 'admin' },
];

export const DEMO_PEOPLE: Record<string, string[]> = {
  polis: ['Kommunpolis Erik', 'Kommunpolis Sara', 'Polisadmin Lena'],
  kommun: ['Handläggare Jonas', 'Trygghetssamordnare Maria', 'Systemadmin Peter'],
  bostader: ['Områdesvärd Ali', 'Bovärd Karin', 'Admin Bostäder'],
  centrum: ['Butiksägare Nils', 'Centrumledare Eva', 'Admin Centrum'],
  katedral: ['Lärare Anders', 'Rektor Helena', 'Admin Katedral'],
  stenhammar: ['Fritidsledare Omar', 'Rektor Johan', 'Admin Stenhammar'],
  social: ['Fältsekreterare Linn', 'Enhetschef Amir', 'Admin Social'],
};

const rect = (s: number, w: number, n: number, e: number) => [[w, s], [e, s], [e, n], [w, n], [w, s]];

export const DEMO_AREAS = [
  { name: 'Centrum', boundary: { type: 'Polygon', coordinates: [[[13.1500, 58.5000], [13.1700, 58.4995], [13.1715, 58.5100], [13.1560, 58.5120], [13.1490, 58.5060], [13.1500, 58.5000]]] } },
  { name: 'Östermalm', boundary: { type: 'Polygon', coordinates: [[[13.1700, 58.4995], [13.1900, 58.4980], [13.1920, 58.5110], [13.1715, 58.5100], [13.1700, 58.4995]]] } },
  { name: 'Margretelund', boundary: { type: 'Polygon', coordinates: [[[13.1500, 58.4850], [13.1760, 58.4850], [13.1760, 58.4997], [13.1500, 58.5000], [13.1500, 58.4850]]] } },
  { name: 'Stenhammar', boundary: { type: 'Polygon', coordinates: [[[13.1200, 58.4870], [13.1500, 58.4860], [13.1500, 58.5000], [13.1490, 58.5060], [13.1200, 58.5040], [13.1200, 58.4870]]] } },
  // The countryside around the town: an outer ring with the town cut out as a hole.
  { name: 'Landsbygd', boundary: { type: 'Polygon', coordinates: [rect(58.35, 12.95, 58.62, 13.45), rect(58.4840, 13.1190, 58.5130, 13.1930)] } },
] as const;

export interface DemoPlace {
  name: string;
  kind: string;
  lat: number;
  lng: number;
  /** Categories that are typical here, most typical first. */
  typical: DefaultCategory[];
  /** Hours of the day when things tend to happen here. */
  hours: number[];
  /** Which partner usually reports from here. */
  reporters: string[];
}

export const DEMO_PLACES: DemoPlace[] = [
  { name: 'Nya Stadens torg', kind: 'square', lat: 58.5034, lng: 13.1575, typical: ['gathering', 'disorder', 'littering', 'unsafe_place', 'event'], hours: [15, 17, 19, 21, 22, 23], reporters: ['polis', 'kommun', 'centrum'] },
  { name: 'Resecentrum', kind: 'station', lat: 58.5058, lng: 13.1622, typical: ['drug_use', 'gathering', 'unsafe_place', 'disorder', 'violence'], hours: [16, 18, 20, 21, 22, 23, 0], reporters: ['polis', 'kommun', 'social'] },
  { name: 'Krogstråket Skaragatan', kind: 'street', lat: 58.5041, lng: 13.1598, typical: ['nightlife', 'violence', 'disorder', 'drug_dealing', 'traffic_drunk_driving'], hours: [22, 23, 0, 1, 2, 3], reporters: ['polis', 'centrum'] },
  { name: 'Stadsparken', kind: 'park', lat: 58.5012, lng: 13.1548, typical: ['drug_dealing', 'youth_at_risk', 'lighting', 'unsafe_place', 'vandalism'], hours: [18, 20, 21, 22, 23], reporters: ['polis', 'kommun', 'social'] },
  { name: 'Katedralskolans skolgård', kind: 'school_yard', lat: 58.5003, lng: 13.1530, typical: ['drug_dealing', 'youth_at_risk', 'vandalism', 'threat_to_staff'], hours: [10, 12, 15, 16, 19, 21], reporters: ['katedral', 'polis', 'social'] },
  { name: 'Stenhammarskolans skolgård', kind: 'school_yard', lat: 58.4935, lng: 13.1375, typical: ['vandalism', 'fire', 'youth_at_risk', 'reckless_driving', 'littering'], hours: [12, 15, 18, 20, 22], reporters: ['stenhammar', 'kommun', 'bostader'] },
  { name: 'Margretelunds centrum', kind: 'shopping', lat: 58.4925, lng: 13.1630, typical: ['threat_to_staff', 'burglary', 'gathering', 'littering', 'vandalism'], hours: [11, 14, 17, 19, 21], reporters: ['centrum', 'bostader', 'polis'] },
  { name: 'Östermalms bostadsområde, gårdarna', kind: 'housing', lat: 58.5045, lng: 13.1800, typical: ['vandalism', 'fire', 'lighting', 'littering', 'burglary', 'unsafe_place'], hours: [19, 21, 22, 23, 1], reporters: ['bostader', 'kommun'] },
  { name: 'Gågatan Storgatan', kind: 'street', lat: 58.5050, lng: 13.1560, typical: ['threat_to_staff', 'burglary', 'disorder', 'littering'], hours: [10, 13, 16, 18], reporters: ['centrum', 'polis'] },
  { name: 'Hamnen och Framnäsviken', kind: 'waterfront', lat: 58.5095, lng: 13.1545, typical: ['gathering', 'drug_use', 'reckless_driving', 'event', 'littering'], hours: [17, 20, 22, 23, 0], reporters: ['polis', 'kommun'] },
  { name: 'Väg 44 vid Järpås', kind: 'road', lat: 58.3850, lng: 12.9700, typical: ['traffic_speeding', 'traffic_drunk_driving', 'reckless_driving'], hours: [7, 16, 17, 22, 23], reporters: ['polis'] },
  { name: 'Vinninga samhälle', kind: 'village', lat: 58.4480, lng: 13.2350, typical: ['reckless_driving', 'burglary', 'traffic_speeding', 'gathering'], hours: [18, 20, 21, 22], reporters: ['polis', 'kommun'] },
];

export const DESCRIPTIONS: Record<DefaultCategory, string[]> = {
  drug_dealing: ['Misstänkt försäljning vid bänkarna, flera korta möten under kvällen.', 'Tips om langning efter skoltid, bilar som stannar kort.', 'Ungdomar uppger att det säljs narkotika på platsen på helgerna.'],
  drug_use: ['Sprutor och folie hittade vid cykelställen.', 'Personer som uppträder påverkade i väntsalen.', 'Lukt av cannabis vid entrén under kvällen.'],
  youth_at_risk: ['Grupp yngre ungdomar ute sent, verkar sakna vuxenkontakt.', 'Elever som skolkar och rör sig på platsen under skoltid.', 'Nya ungdomar i gruppen som samlas vid kiosken, oro från personal.'],
  disorder: ['Högljudd grupp, glas krossade, boende störda.', 'Bråk utanför entrén, ordningsvakter fick ingripa.', 'Stök och skrik under natten, flera samtal från boende.'],
  nightlife: ['Lång kö och trängsel vid stängning, berusade gäster.', 'Många berusade på gatan efter stängning klockan tre.', 'Oro för att minderåriga släpps in, ont om ordningsvakter.'],
  unsafe_place: ['Mörk passage där många säger att de känner sig otrygga.', 'Buskage skymmer sikten vid gångvägen, upplevs otryggt.', 'Boende undviker platsen efter mörkrets inbrott.'],
  vandalism: ['Klotter på fasad och busskur.', 'Krossade rutor i trapphuset.', 'Sönderslagna lampor och papperskorgar.'],
  littering: ['Mycket skräp och flaskor efter helgen.', 'Nedskräpning vid återvinningsstationen.', 'Engångsgrillar och glas kvar på gräsmattan.'],
  lighting: ['Gatubelysningen ur funktion längs gångvägen.', 'Tre armaturer släckta vid parkeringen.', 'Belysning saknas vid cykelbanan, upplevs otryggt.'],
  traffic_speeding: ['Höga hastigheter förbi skolan på morgonen.', 'Boende klagar på fortkörning kvällstid.', 'Bilar kör fort genom byn, 30-sträckan respekteras inte.'],
  traffic_drunk_driving: ['Misstanke om rattfylleri efter stängning.', 'Tips om berusad förare som lämnade parkeringen.'],
  gathering: ['Större grupp, 20-30 ungdomar, samlas kvällstid.', 'Folksamling efter evenemanget, lugnt men trångt.', 'Samling av mopeder och bilar på parkeringen.'],
  reckless_driving: ['Buskörning med mopeder och A-traktorer på parkeringen.', 'A-traktorer kör i hög fart genom centrum på kvällen.', 'Mopeder kör på gångbanan, nära olyckor.'],
  violence: ['Misshandel utanför krogen, ambulans tillkallad.', 'Slagsmål mellan två grupper, polis på plats.', 'Knuffar och hot i kön, en person skadad.'],
  burglary: ['Inbrott i förråd under natten.', 'Försök till inbrott i butik, dörr uppbruten.', 'Flera källarförråd uppbrutna i helgen.'],
  fire: ['Brand i papperskorg, släckt av räddningstjänsten.', 'Anlagd brand i container på gården.', 'Rester av eldning vid skolans förråd.'],
  threat_to_staff: ['Personal hotad efter tillsägelse om snatteri.', 'Kassapersonal utsatt för hotfullt beteende.', 'Lärare hotad av person utan koppling till skolan.'],
  event: ['Marknad på torget, många besökare väntas.', 'Konsert i hamnen, förstärkt närvaro planeras.', 'Skolavslutning, firande väntas under kvällen.'],
  other: ['Övergivna cyklar och skräp vid entrén.', 'Okänt fordon parkerat länge vid vändplanen.'],
};
