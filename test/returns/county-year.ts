import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { upnCheckLetter } from '@app/contracts';
import type { CinChild, CinDetails, CinMessage } from '../../apps/desk/src/returns/cin-message';

/** Adds days to a YYYY-MM-DD date. */
export const plusDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** A small seeded generator, so a failing run can be repeated. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid UPN of LA 931 whose check letter the public validator's table also knows (not Y or Z). */
export function upnFor(n: number): string {
  for (let k = n; ; k += 7919) {
    const body = `931${String(k).padStart(8, '0').slice(-8)}${k % 10}`;
    const letter = upnCheckLetter(body);
    if (letter !== 'Y' && letter !== 'Z') return `${letter}${body}`;
  }
}

export interface SeedChild {
  childId: string;
  dateOfBirth?: string;
  expectedDateOfBirth?: string;
  gender?: 'female' | 'male';
  ethnicity?: string;
  upn?: string;
}

export interface SeedContact {
  contactId: string;
  childId: string;
  date: string;
  cinCode: string;
  agency: string;
  outcome?: { outcome: string; noFurtherAction: boolean; primaryNeed?: string; decidedOn: string };
}

let partnerId: string | null = null;

/** Writes children and their contacts as imported history (with outcomes) straight into Postgres. */
export async function seedHistory(
  ds: DataSource,
  children: SeedChild[],
  contacts: SeedContact[],
): Promise<void> {
  if (!partnerId) {
    partnerId = randomUUID();
    await ds.query(`INSERT INTO partners (id, name, agency) VALUES ($1, $2, 'police')`, [
      partnerId,
      `returns-test-${partnerId}`,
    ]);
  }
  const byId = new Map(children.map((c) => [c.childId, c]));
  for (const c of children) await ds.query('INSERT INTO children (id) VALUES ($1)', [c.childId]);
  for (const k of contacts) {
    const child = byId.get(k.childId)!;
    const body = {
      source: { agency: k.agency, cinCode: k.cinCode, organisation: 'Test' },
      child: {
        lastName: 'Child',
        firstName: 'Test',
        ...(child.dateOfBirth ? { dateOfBirth: child.dateOfBirth } : {}),
        ...(child.expectedDateOfBirth ? { expectedDateOfBirth: child.expectedDateOfBirth } : {}),
        ...(child.gender ? { gender: child.gender } : {}),
        ...(child.ethnicity ? { ethnicity: child.ethnicity } : {}),
        ...(child.upn ? { upn: child.upn } : {}),
      },
      concerns: {
        indicators: ['neglect_persistent'],
        summary: 'Test.',
        immediateRisk: false,
        allegedPerpetratorHasAccess: false,
      },
      consent: 'given',
    };
    await ds.query(
      `INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                             locality, body, upn, last_name_norm, birth_date, child_id, status, imported)
       VALUES ($1,$2,$10,'h',$3,$4,$5,'police','CITY',$6,$7,'child',$8,$9,'closed',true)`,
      [
        k.contactId,
        partnerId,
        `${k.date}T10:00:00Z`,
        k.agency,
        k.cinCode,
        JSON.stringify(body),
        child.upn ?? null,
        child.dateOfBirth ?? null,
        k.childId,
        k.contactId,
      ],
    );
    if (k.outcome)
      await ds.query(
        `INSERT INTO imported_outcomes (contact_id, decided_at, outcome, no_further_action, primary_need)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          k.contactId,
          `${k.outcome.decidedOn}T12:00:00Z`,
          k.outcome.outcome,
          k.outcome.noFurtherAction,
          k.outcome.primaryNeed ?? null,
        ],
      );
  }
}

/** Reads the CIN census message back from its XML (the elements the front door writes). */
export function parseCinXml(xml: string): CinMessage {
  const one = (block: string, name: string) => {
    const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(block);
    return m ? m[1] : null;
  };
  const header = /<Header>([\s\S]*?)<\/Header>/.exec(xml)![1];
  const children = [...xml.matchAll(/<Child>([\s\S]*?)<\/Child>/g)].map(([, c]): CinChild => {
    const ids = /<ChildIdentifiers>([\s\S]*?)<\/ChildIdentifiers>/.exec(c)![1];
    const chars = /<ChildCharacteristics>([\s\S]*?)<\/ChildCharacteristics>/.exec(c)![1];
    const details = [...c.matchAll(/<CINdetails>([\s\S]*?)<\/CINdetails>/g)].map(([, d]): CinDetails => ({
      referralId: '',
      referralDate: one(d, 'CINreferralDate')!,
      referralSource: one(d, 'ReferralSource')!,
      primaryNeedCode: one(d, 'PrimaryNeedCode'),
      closureDate: one(d, 'CINclosureDate'),
      reasonForClosure: one(d, 'ReasonForClosure'),
      referralNFA: one(d, 'ReferralNFA') === 'true',
    }));
    return {
      childId: '',
      laChildId: one(ids, 'LAchildID')!,
      upn: one(ids, 'UPN'),
      upnUnknown: one(ids, 'UPNunknown'),
      personBirthDate: one(ids, 'PersonBirthDate'),
      expectedPersonBirthDate: one(ids, 'ExpectedPersonBirthDate'),
      sex: one(ids, 'Sex') as 'M' | 'F' | 'U',
      personDeathDate: one(ids, 'PersonDeathDate'),
      ethnicity: one(chars, 'Ethnicity')!,
      disabilities: [...chars.matchAll(/<Disability>([^<]*)<\/Disability>/g)].map((m) => m[1]),
      cinDetails: details,
    };
  });
  return {
    header: {
      collection: 'CIN',
      year: one(header, 'Year')!,
      referenceDate: one(header, 'ReferenceDate')!,
      sourceLevel: 'L',
      lea: one(header, 'LEA')!,
      softwareCode: one(header, 'SoftwareCode')!,
      release: one(header, 'Release')!,
      serialNo: one(header, 'SerialNo')!,
      dateTime: one(header, 'DateTime')!,
    },
    children,
  };
}
