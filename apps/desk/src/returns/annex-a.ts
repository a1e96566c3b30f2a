import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { ETHNICITIES } from '@app/contracts';

/**
 * Ofsted's Annex A (2023 onwards): one sheet per list, named "List 1" to "List 11", the column headings word
 * for word, dates as dd/mm/yyyy, coded values in Ofsted's lettered codes (as the public Annex A cleaners read
 * them, e.g. liia-tools' Annex A schema). The front door fills List 1 (contacts) and List 3 (referrals); the
 * other lists are outside it and have their headings and no rows.
 */
const PERSON = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)'];
const DISABILITY = 'Does the Child have a Disability';
const ALLOCATED = ['Allocated Team', 'Allocated Worker'];

export const ANNEX_A_SHEETS: { name: string; headings: string[] }[] = [
  { name: 'List 1', headings: [...PERSON, 'Date of Contact', 'Contact Source', 'LA'] },
  {
    name: 'List 2',
    headings: [
      ...PERSON,
      'Assessment start date',
      'Assessment completion date',
      'Organisation completing assessment',
    ],
  },
  {
    name: 'List 3',
    headings: [
      ...PERSON,
      'Date of referral',
      'Referral Source',
      'Referral NFA?',
      'Number of Referrals in Last 12 Months',
      ...ALLOCATED,
      'LA',
    ],
  },
  {
    name: 'List 4',
    headings: [
      ...PERSON,
      DISABILITY,
      'Continuous Assessment Start Date',
      'Child Seen During Continuous Assessment',
      'Continuous Assessment Date of Authorisation',
      "Was the child assessed as requiring LA children's social care support?",
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 5',
    headings: [
      ...PERSON,
      DISABILITY,
      'Strategy discussion initiating Section 47 Enquiry Start Date',
      'Was an Initial Child Protection Conference deemed unnecessary?',
      'Date of Initial Child Protection Conference',
      'Did the Initial Child Protection Conference Result in a Child Protection Plan',
      'Number of Section 47 Enquiries in the last 12 months',
      'Number of ICPCs in the last 12 months',
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 6',
    headings: [
      ...PERSON,
      DISABILITY,
      'CIN Start Date',
      'Primary Need Code',
      'Date Child Was Last Seen',
      'CIN Closure Date',
      'Reason for Closure',
      'Case Status',
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 7',
    headings: [
      ...PERSON,
      DISABILITY,
      'Child Protection Plan Start Date',
      'Initial Category of Abuse',
      'Latest Category of Abuse',
      'Date of the Last Statutory Visit',
      'Was the Child Seen Alone?',
      'Date of latest review conference',
      'Child Protection Plan End Date',
      'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
      'Number of Previous Child Protection Plans',
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 8',
    headings: [
      ...PERSON,
      'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)',
      DISABILITY,
      'Date Started to be Looked After',
      "Child's Category of Need",
      'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)',
      'Start date of current legal status',
      "Child's Legal Status",
      'Date of Latest Statutory Review',
      'Date of Last Social Work Visit',
      'What is the permanence plan for this child?',
      'Date of Last IRO Visit / Contact to the Child',
      'Date of Last Health Assessment',
      'Date of Last Dental Check',
      'Number of Placements in the Last 12 months',
      'Date Ceased to be Looked After',
      'Reason Ceased to be Looked After',
      'Start Date of Most Recent Placement',
      'Placement Type',
      'Placement Provider',
      'Placement postcode',
      'URN of Placement',
      'Placement Location',
      'LA of Placement',
      "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
      "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
      'Was the child offered a Return Interview after their last missing episode (Y/N)?',
      'Did the child accept a Return Interview after their last missing episode (Y/N)?',
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 9',
    headings: [
      ...PERSON,
      'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)',
      DISABILITY,
      ...ALLOCATED,
      'Allocated Personal Advisor',
      'Eligibility Category',
      'Latest Pathway Plan Review Date',
      'LA in Touch',
      'Latest Date of Contact',
      'Type of Accommodation',
      'Suitability of Accommodation',
      'Activity Status',
    ],
  },
  {
    name: 'List 10',
    headings: [
      'Child Unique ID',
      'Family identifier',
      'Gender',
      'Ethnicity',
      'Date of Birth',
      'Age of Child (Years)',
      DISABILITY,
      'Date the Child Entered Care',
      'Date of Decision that Child Should be Placed for Adoption',
      'Date of Placement Order',
      'Date of Matching Child and Prospective Adopters',
      'Date Placed for Adoption',
      'Date of Adoption Order',
      'Date of Decision that Child Should No Longer be Placed for Adoption',
      'Reason Why Child No Longer Placed for Adoption',
      'Date the child was placed for fostering in FFA or concurrent planning placement',
    ],
  },
  {
    name: 'List 11',
    headings: [
      'Individual adopter identifier',
      'Family identifier',
      'Gender',
      'Ethnicity',
      'Disability',
      'Is the (prospective) adopter fostering for adoption?',
      'Date enquiry received',
      'Date Stage 1 started',
      'Date Stage 1 ended',
      'Date Stage 2 started',
      'Date Stage 2 ended',
      'Date application submitted',
      'Date application approved',
      'Date adopter matched with child(ren)',
      'Date child/children placed with adopter(s)',
      'No. of children placed',
      'Date of Adoption Order',
      'Date of leaving adoption process',
      'Reason for leaving adoption process',
    ],
  },
];

/** Annex A gender codes. */
export function annexGender(gender: 'female' | 'male' | 'other' | null): string {
  if (gender === 'male') return 'a) Male';
  if (gender === 'female') return 'b) Female';
  if (gender === 'other') return 'd) Neither';
  return 'c) Not stated/recorded';
}

/** Annex A ethnicity codes: the DfE code lettered a) WBRI to t) NOBT. */
export function annexEthnicity(code: string): string {
  const i = (ETHNICITIES as readonly string[]).indexOf(code);
  const at = i < 0 ? ETHNICITIES.length - 1 : i;
  return `${String.fromCharCode(97 + at)}) ${ETHNICITIES[at]}`;
}

const SOURCE: Record<string, string> = {
  '1A': 'a) 1A: Individual',
  '1B': 'b) 1B: Individual',
  '1C': 'c) 1C: Individual',
  '1D': 'd) 1D: Individual',
  '2A': 'e) 2A: Schools',
  '2B': 'f) 2B: Education services',
  '3A': 'g) 3A: Health services',
  '3B': 'h) 3B: Health services',
  '3C': 'i) 3C: Health services',
  '3D': 'j) 3D: Health services',
  '3E': 'k) 3E: Health services',
  '3F': 'l) 3F: Health services',
  '4': 'm) 4: Housing',
  '5A': 'n) 5A: LA services',
  '5B': 'o) 5B: LA services',
  '5C': 'p) 5C: LA services',
  '5D': 'p1) 5D: LA services',
  '6': 'q) 6: Police',
  '7': 'r) 7: Other legal agency',
  '8': 's) 8: Other',
  '9': 't) 9: Anonymous',
  '10': 'u) 10: Unknown',
};
/** Annex A contact and referral source codes, from the CIN code. */
export function annexSource(cinCode: string): string {
  return SOURCE[cinCode] ?? SOURCE['10'];
}

export interface List1Row {
  childUniqueId: string;
  gender: string;
  ethnicity: string;
  dateOfBirth: string | null;
  age: number | null;
  dateOfContact: string;
  contactSource: string;
  la: string;
}

export interface List3Row {
  childUniqueId: string;
  gender: string;
  ethnicity: string;
  dateOfBirth: string | null;
  age: number | null;
  dateOfReferral: string;
  referralSource: string;
  referralNfa: string;
  referralsInLast12Months: number;
  allocatedTeam: string | null;
  allocatedWorker: string | null;
  la: string;
}

const asDate = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);

const list1Values = (r: List1Row) => [
  r.childUniqueId,
  r.gender,
  r.ethnicity,
  asDate(r.dateOfBirth),
  r.age,
  asDate(r.dateOfContact),
  r.contactSource,
  r.la,
];

const list3Values = (r: List3Row) => [
  r.childUniqueId,
  r.gender,
  r.ethnicity,
  asDate(r.dateOfBirth),
  r.age,
  asDate(r.dateOfReferral),
  r.referralSource,
  r.referralNfa,
  r.referralsInLast12Months,
  r.allocatedTeam,
  r.allocatedWorker,
  r.la,
];

const isDateHeading = (h: string) => /^Date|date$| Date /.test(h) || h.startsWith('Date');

/**
 * The workbook written as it is filled (exceljs's streaming writer): each row is committed to the zip as it
 * is added, so memory holds a page of rows whatever the window. Sheets are written in the workbook's order
 * (List 1's rows, List 2's headings, List 3's rows, then the rest); each has its headings in bold, the
 * column widths and dates as dd/mm/yyyy.
 */
export class AnnexAWriter {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private next = 0;
  private open: { name: string; ws: ExcelJS.Worksheet } | null = null;

  constructor(out: Writable) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    this.wb.creator = 'Front door';
  }

  list1(rows: List1Row[]): void {
    const ws = this.sheet('List 1');
    for (const r of rows) ws.addRow(list1Values(r)).commit();
  }

  list3(rows: List3Row[]): void {
    const ws = this.sheet('List 3');
    for (const r of rows) ws.addRow(list3Values(r)).commit();
  }

  /** Writes the sheets not yet written (headings only) and ends the zip. */
  async finish(): Promise<void> {
    while (this.next < ANNEX_A_SHEETS.length) this.sheet(ANNEX_A_SHEETS[this.next].name);
    this.open?.ws.commit();
    await this.wb.commit();
  }

  /** The sheet `name`, opening it (and every sheet before it, with its headings) if not yet open. */
  private sheet(name: string): ExcelJS.Worksheet {
    if (this.open?.name === name) return this.open.ws;
    for (;;) {
      const s = ANNEX_A_SHEETS[this.next++];
      if (!s) throw new Error(`Annex A: ${name} is not a sheet, or was written already`);
      this.open?.ws.commit();
      const ws = this.wb.addWorksheet(s.name);
      ws.columns = s.headings.map((h) => ({
        width: Math.min(Math.max(h.length + 2, 12), 40),
        ...(isDateHeading(h) ? { style: { numFmt: 'dd/mm/yyyy' } } : {}),
      }));
      const headings = ws.addRow(s.headings);
      headings.font = { bold: true };
      headings.commit();
      this.open = { name: s.name, ws };
      if (s.name === name) return ws;
    }
  }
}
