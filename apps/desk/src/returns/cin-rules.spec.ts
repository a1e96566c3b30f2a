import { upnCheckLetter } from '@app/contracts';
import type { CinChild, CinMessage } from './cin-message';
import { censusPeriod, CIN_RULES, CinStreamValidation, validateCinMessage } from './cin-rules';

const period = censusPeriod(2026);

function child(n: number, over: Partial<CinChild> = {}): CinChild {
  return {
    childId: `child-${n}`,
    laChildId: `C${String(n).padStart(14, '0')}`,
    upn: null,
    upnUnknown: null,
    personBirthDate: '2014-05-01',
    expectedPersonBirthDate: null,
    sex: n % 2 ? 'F' : 'M',
    personDeathDate: null,
    ethnicity: 'WBRI',
    disabilities: [['MOB', 'HAND'], ['PC'], ['INC'], ['COMM'], ['LD'], ['HEAR'], ['VIS'], ['BEH']][n % 8],
    cinDetails: [
      {
        referralId: `r-${n}`,
        referralDate: '2025-06-10',
        referralSource: '6',
        primaryNeedCode: 'N1',
        closureDate: null,
        reasonForClosure: null,
        referralNFA: false,
      },
    ],
    ...over,
  };
}

/** Eight children, eight disability codes in use, one child with two: no whole-return query fires. */
function baseline(): CinMessage {
  return {
    header: {
      collection: 'CIN',
      year: '2026',
      referenceDate: '2026-03-31',
      sourceLevel: 'L',
      lea: '931',
      softwareCode: 'Front door',
      release: '2026-1',
      serialNo: '001',
      dateTime: '2026-04-02T09:00:00',
    },
    children: Array.from({ length: 8 }, (_, n) =>
      child(n, { upn: ['A931000000010', null][n % 2], upnUnknown: null }),
    ),
  };
}

/** A UPN with its right check letter (body: twelve characters). */
const VALID_UPN = (body: string) => `${upnCheckLetter(body)}${body}`;

/** The baseline with a valid UPN of LA 931 on every child. */
function valid(): CinMessage {
  const m = baseline();
  m.children.forEach((c, n) => (c.upn = VALID_UPN(`9310000000${n}0`)));
  return m;
}

/** For every rule, a change to the valid message that breaks it (and names the child where it is one). */
const BREAKS: Record<string, (m: CinMessage) => void> = {
  '100': (m) => (m.header.referenceDate = '2026-03-30'),
  '8500': (m) => (m.children[0].laChildId = ''),
  '8510': (m) => (m.children[1].laChildId = m.children[0].laChildId),
  '1570': (m) => (m.children[0].laChildId = 'C'.repeat(21)),
  '1580': (m) => (m.children[0].laChildId = 'C-1'),
  '1510': (m) =>
    (m.children[0].upn = `${m.children[0].upn![0] === 'A' ? 'B' : 'A'}${m.children[0].upn!.slice(1)}`),
  '1520': (m) => (m.children[1].upn = m.children[0].upn),
  '1530': (m) => (m.children[0].upn = VALID_UPN('99900000001' + '0')),
  '1540': (m) => (m.children[0].upn = 'A93100X000010'),
  '1550': (m) => (m.children[0].upn = 'A93100000001S'),
  '8520': (m) => (m.children[0].personBirthDate = '2026-04-01'),
  '8525': (m) => (m.children[0].expectedPersonBirthDate = '2026-06-01'),
  '8530Q': (m) =>
    Object.assign(m.children[0], { personBirthDate: null, expectedPersonBirthDate: '2025-12-01', sex: 'U' }),
  '4180': (m) => (m.children[0].sex = 'X' as never),
  '8750': (m) =>
    Object.assign(m.children[0], { personBirthDate: null, expectedPersonBirthDate: '2026-05-01', sex: 'F' }),
  '2886Q': (m) => (m.children[0].sex = 'U'),
  '8535Q': (m) => (m.children[0].personDeathDate = '2010-01-01'),
  '8545Q': (m) => (m.children[0].personDeathDate = '2024-01-01'),
  '8770Q': (m) => (m.children[0].upn = null),
  '8772': (m) => Object.assign(m.children[0], { upn: null, upnUnknown: 'UN7' }),
  '8775Q': (m) => (m.children[0].personBirthDate = '1999-01-01'),
  '4220': (m) => (m.children[0].ethnicity = 'XXXX'),
  '8540': (m) => (m.children[2].disabilities = []),
  '8790': (m) => (m.children[0].disabilities = ['NONE', 'MOB', 'HAND']),
  '8794': (m) => (m.children[0].disabilities = ['MOB', 'HAND', 'MOB']),
  '2887Q': (m) =>
    m.children.forEach((c) => (c.disabilities = c.disabilities.length > 1 ? ['MOB', 'HAND'] : ['MOB'])),
  '2888Q': (m) => (m.children[0].disabilities = ['MOB']),
  '8590': (m) => (m.children[0].cinDetails = []),
  '8606': (m) => (m.children[0].cinDetails[0].referralDate = '2013-01-01'),
  '8555': (m) => (m.children[0].personDeathDate = '2025-06-01'),
  '8610': (m) => (m.children[0].cinDetails[0].primaryNeedCode = null),
  '8650': (m) => (m.children[0].cinDetails[0].primaryNeedCode = 'N0'),
  '8866': (m) => (m.children[0].cinDetails[0].referralSource = '11'),
  '8569': (m) =>
    Object.assign(m.children[0].cinDetails[0], { referralDate: '2025-03-27', referralNFA: true }),
  '8568': (m) => (m.children[0].cinDetails[0].referralNFA = undefined as never),
  '8620': (m) =>
    Object.assign(m.children[0].cinDetails[0], { closureDate: '2026-04-02', reasonForClosure: 'RC7' }),
  '8630': (m) =>
    Object.assign(m.children[0].cinDetails[0], {
      referralDate: '2025-07-01',
      closureDate: '2025-06-30',
      reasonForClosure: 'RC7',
    }),
  '8640': (m) =>
    Object.assign(m.children[0].cinDetails[0], { closureDate: '2025-07-01', reasonForClosure: 'RC0' }),
  '8805': (m) => (m.children[0].cinDetails[0].closureDate = '2025-07-01'),
  '8810': (m) => (m.children[0].cinDetails[0].reasonForClosure = 'RC7'),
  '8825Q': (m) =>
    Object.assign(m.children[0].cinDetails[0], { closureDate: '2025-07-01', reasonForClosure: 'RC8' }),
  '8585Q': (m) =>
    Object.assign(m.children[0].cinDetails[0], { closureDate: '2025-07-01', reasonForClosure: 'RC2' }),
  '8815': (m) => m.children[0].cinDetails.push({ ...m.children[0].cinDetails[0], referralId: 'x' }),
  '8816': (m) =>
    m.children[0].cinDetails.push({
      ...m.children[0].cinDetails[0],
      referralId: 'x',
      referralDate: '2025-09-01',
      referralNFA: true,
      closureDate: '2025-09-01',
      reasonForClosure: 'RC7',
    }),
  '8820': (m) =>
    m.children[0].cinDetails.push({
      ...m.children[0].cinDetails[0],
      referralId: 'x',
      referralDate: '2025-06-10',
      referralNFA: true,
    }),
};

describe('CIN census rules (DfE 2025 to 2026, as data-to-insight implements them)', () => {
  it('a message breaking none raises nothing', () => {
    expect(validateCinMessage(valid(), period)).toEqual([]);
  });

  it('every rule has a case that breaks it', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(CIN_RULES.map((r) => r.code).sort());
  });

  it.each(Object.keys(BREAKS))(
    'rule %s fires on the change that breaks it, with its code and type',
    (code) => {
      const m = valid();
      BREAKS[code](m);
      const issues = validateCinMessage(m, period);
      const hit = issues.filter((i) => i.code === code);
      expect(hit.length).toBeGreaterThan(0);
      expect(hit[0].type).toBe(code.endsWith('Q') ? 'query' : 'error');
      expect(hit[0].message.length).toBeGreaterThan(10);
    },
  );

  it.each(Object.keys(BREAKS))(
    'rule %s: fed a page of children at a time (as the census streams), the same issues in the same order',
    (code) => {
      const m = valid();
      BREAKS[code](m);
      m.children.sort((a, b) => (a.laChildId < b.laChildId ? -1 : a.laChildId > b.laChildId ? 1 : 0));
      const holders = new Map<string, number>();
      for (const c of m.children) if (c.upn) holders.set(c.upn, (holders.get(c.upn) ?? 0) + 1);
      const duplicateUpns = new Set([...holders].filter(([, n]) => n > 1).map(([upn]) => upn));
      const whole = validateCinMessage(m, period);
      for (const pageSize of [1, 3]) {
        const streamed = new CinStreamValidation(m.header, period, { duplicateUpns }, true);
        for (let i = 0; i < m.children.length; i += pageSize) streamed.add(m.children.slice(i, i + pageSize));
        expect(streamed.end()).toEqual(whole);
        expect(streamed.counts).toMatchObject({
          children: m.children.length,
          errors: whole.filter((i) => i.type === 'error').length,
          queries: whole.filter((i) => i.type === 'query').length,
        });
      }
    },
  );

  it('children out of LAchildID order are refused by the streamed check (its duplicate test relies on it)', () => {
    const m = valid();
    const streamed = new CinStreamValidation(m.header, period, { duplicateUpns: new Set() }, false);
    expect(() => streamed.add([m.children[1], m.children[0]])).toThrow(/order/);
  });
});
