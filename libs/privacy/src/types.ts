/** The kinds of personal data that Lägesbild looks for in free text. */
export type PersonalDataKind = 'personal_identity_number' | 'coordination_number' | 'phone_number' | 'email';

/** One piece of personal data found in a text: UTF-16 offsets, `end` exclusive. */
export interface PersonalDataFinding {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

/** Human-readable names of each kind, in Swedish and English. */
export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, { sv: string; en: string }> = {
  personal_identity_number: { sv: 'personnummer', en: 'personal identity number' },
  coordination_number: { sv: 'samordningsnummer', en: 'coordination number' },
  phone_number: { sv: 'telefonnummer', en: 'phone number' },
  email: { sv: 'e-postadress', en: 'e-mail address' },
};
