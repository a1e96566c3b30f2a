import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { SourceGroup } from '@app/contracts';
import { generateDemand, isoDateOf, londonDayOf, Rng, seededRng, SyntheticLocality } from '@app/insights';

/**
 * Writes a demo county's contacts as NDJSON for `npm run import` (insights-api.md): the synthetic demand of
 * libs/insights (weekly pattern, school terms, the January rise, the census source mix) turned into valid
 * canonical contacts, ending yesterday, with re-contacts about the same children. Invented people only.
 *
 *   node -r @swc-node/register apps/insights/src/cli/demo-data.ts --days 365 --out demo.ndjson
 */
const AGENCIES: Record<SourceGroup, [string, number][]> = {
  police: [['police', 1]],
  schools: [
    ['school', 0.85],
    ['education_service', 0.15],
  ],
  health: [
    ['health_gp', 0.3],
    ['health_visitor', 0.2],
    ['school_nurse', 0.1],
    ['health_ae', 0.25],
    ['health_other', 0.15],
  ],
  individuals: [
    ['family_member', 0.55],
    ['self', 0.1],
    ['acquaintance', 0.2],
    ['individual', 0.15],
  ],
  council_other: [
    ['la_social_care', 0.3],
    ['early_help', 0.2],
    ['housing', 0.15],
    ['la_other_internal', 0.1],
    ['legal_agency', 0.05],
    ['other', 0.15],
    ['unknown', 0.05],
  ],
};
const ORGANISATIONS: Record<string, string> = {
  police: 'Thames Valley Police',
  school: 'Cherwell Valley Primary School',
  education_service: 'County Education Service',
  health_gp: 'Banbury Health Centre',
  health_visitor: 'County Health Visiting',
  school_nurse: 'County School Nursing',
  health_ae: 'John Radcliffe Emergency Department',
  health_other: 'County Community Health',
  la_social_care: 'County Children’s Social Care',
  early_help: 'County Early Help',
  housing: 'District Housing Service',
  la_other_internal: 'County Youth Service',
  legal_agency: 'County Legal Services',
  other: 'Voluntary Sector Partner',
  unknown: 'Not recorded',
};
const POSTCODES: Record<SyntheticLocality, string[]> = {
  CITY: ['OX4 1AA', 'OX3 9DU', 'OX1 2JD', 'OX2 6GG'],
  NORTH: ['OX16 1AA', 'OX26 6HR', 'OX5 1PA', 'OX17 3NX'],
  WEST: ['OX28 6BN', 'OX7 5AA', 'OX18 4AA', 'OX29 0QA'],
  SOUTH: ['OX14 3NB', 'OX11 7HN', 'OX10 0AA', 'OX12 9AA'],
  OUT_OF_AREA: ['SW1A 1AA', 'B1 1AA', 'RG1 1AA'],
  UNKNOWN: [],
};
const FIRST = [
  'Maya',
  'Theo',
  'Amelia',
  'Noah',
  'Isla',
  'Leo',
  'Ava',
  'Oliver',
  'Zara',
  'Ali',
  'Freya',
  'Kai',
  'Ruby',
  'Finn',
];
const LAST = [
  'Okafor',
  'Nowak',
  'Smith',
  'Patel',
  'Jones',
  'Khan',
  'Williams',
  'Brown',
  'Taylor',
  'Wilson',
  'Evans',
  'Ahmed',
];
const INDICATORS: [string, number][] = [
  ['attendance_persistent_absence', 8],
  ['behaviour_concern_school', 6],
  ['emotional_wellbeing_concern', 8],
  ['parenting_support_need', 6],
  ['financial_hardship', 4],
  ['domestic_abuse_standard_risk', 8],
  ['domestic_abuse_medium_risk', 4],
  ['domestic_abuse_high_risk', 1.5],
  ['neglect_emerging', 5],
  ['neglect_persistent', 2],
  ['parental_mental_health', 4],
  ['parental_substance_misuse', 3],
  ['self_harm', 2],
  ['missing_episodes_repeat', 1],
  ['exploitation_cse_cce', 0.8],
  ['physical_abuse_injury', 1],
  ['homelessness', 1.5],
  ['young_carer', 1.5],
  ['antisocial_behaviour', 2],
];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}
function weighted(rng: Rng, items: [string, number][]): string {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of items) if ((r -= w) < 0) return v;
  return items[items.length - 1][0];
}

let nhsSeed = 100_000_000;
function nextNhsNumber(): string {
  for (;;) {
    const nine = String(nhsSeed++);
    const sum = [...nine].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check !== 10) return nine + String(check === 11 ? 0 : check);
  }
}

interface DemoChild {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  nhsNumber: string;
  postcode: string | null;
}

export function* demoContacts(options: {
  days: number;
  seed: number;
  end?: string;
  annualContacts?: number;
}) {
  const rng = seededRng(options.seed ^ 0x9e3779b9);
  const endDay = options.end ? undefined : londonDayOf(Date.now()).day - 1;
  const last = endDay ?? Math.round(DateTime.fromISO(options.end!, { zone: 'utc' }).toMillis() / 86_400_000);
  const demand = generateDemand({
    start: isoDateOf(last - options.days + 1),
    days: options.days,
    seed: options.seed,
    annualContacts: options.annualContacts,
  });
  const children: DemoChild[] = [];
  for (const day of demand) {
    const localities = (Object.entries(day.localities) as [SyntheticLocality, number][]).flatMap(([l, n]) =>
      Array<SyntheticLocality>(n).fill(l),
    );
    const groups = (Object.entries(day.counts) as [SourceGroup, number][]).flatMap(([g, n]) =>
      Array<SourceGroup>(n).fill(g),
    );
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      const locality = localities[Math.floor(rng() * localities.length)] ?? 'CITY';
      const agency = weighted(rng, AGENCIES[group]);
      // Office hours for most; police through the night too.
      const hour = group === 'police' ? Math.floor(rng() * 24) : 8 + Math.floor(rng() * 10);
      const at = DateTime.fromISO(day.date, { zone: 'Europe/London' }).set({
        hour,
        minute: Math.floor(rng() * 60),
        second: Math.floor(rng() * 60),
      });
      let child: DemoChild;
      if (children.length > 50 && rng() < 0.22) {
        child = children[children.length - 1 - Math.floor(rng() * Math.min(children.length, 3000))];
      } else {
        const ageDays = 30 + Math.floor(rng() * 17 * 365);
        child = {
          firstName: pick(rng, FIRST),
          lastName: pick(rng, LAST),
          dateOfBirth: at.minus({ days: ageDays }).toISODate()!,
          nhsNumber: nextNhsNumber(),
          postcode: locality === 'UNKNOWN' ? null : pick(rng, POSTCODES[locality]),
        };
        children.push(child);
      }
      const indicators = new Set([weighted(rng, INDICATORS)]);
      if (rng() < 0.3) indicators.add(weighted(rng, INDICATORS));
      const individual = group === 'individuals';
      yield {
        partner: individual ? 'Public contacts (historical)' : `${ORGANISATIONS[agency]} (historical)`,
        receivedAt: at.toUTC().toISO(),
        source: {
          agency,
          ...(individual ? {} : { organisation: ORGANISATIONS[agency] }),
          referrer: {
            name: 'Demo Referrer',
            role: individual ? 'Relative' : 'Practitioner',
            phone: '01865 000000',
          },
        },
        child: {
          firstName: child.firstName,
          lastName: child.lastName,
          dateOfBirth: child.dateOfBirth,
          nhsNumber: child.nhsNumber,
          ...(child.postcode ? { address: { postcode: child.postcode } } : {}),
        },
        concerns: {
          indicators: [...indicators],
          summary: 'Demonstration contact: invented, about no real child.',
          immediateRisk: false,
          allegedPerpetratorHasAccess: false,
        },
        consent: rng() < 0.9 ? 'given' : 'not_asked',
      };
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string', default: '365' },
      seed: { type: 'string', default: '7' },
      annual: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  let n = 0;
  for (const line of demoContacts({
    days: Number(values.days),
    seed: Number(values.seed),
    annualContacts: values.annual ? Number(values.annual) : undefined,
  })) {
    if (!out.write(JSON.stringify(line) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
    n++;
  }
  if (values.out) {
    await new Promise<void>((r) => out.end(() => r()));
    console.error(`Wrote ${n} demo contacts to ${values.out}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`demo-data: ${(e as Error).message}`);
    process.exit(1);
  });
}
