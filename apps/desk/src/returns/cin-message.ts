/** The CIN census message as the front door produces it (DfE CIN census 2025 to 2026 layout). */
export interface CinHeader {
  collection: 'CIN';
  year: string;
  referenceDate: string;
  sourceLevel: 'L';
  lea: string;
  softwareCode: string;
  release: string;
  serialNo: string;
  dateTime: string;
}

export interface CinDetails {
  referralDate: string;
  referralSource: string;
  primaryNeedCode: string | null;
  closureDate: string | null;
  reasonForClosure: string | null;
  referralNFA: boolean;
  /** Ours, not in the message: the referral it came from. */
  referralId: string;
}

export interface CinChild {
  laChildId: string;
  upn: string | null;
  upnUnknown: string | null;
  personBirthDate: string | null;
  expectedPersonBirthDate: string | null;
  sex: 'M' | 'F' | 'U';
  personDeathDate: string | null;
  ethnicity: string;
  disabilities: string[];
  cinDetails: CinDetails[];
  /** Ours, not in the message: the service's child id. */
  childId: string;
}

export interface CinMessage {
  header: CinHeader;
  children: CinChild[];
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function el(name: string, value: string | null, indent: string): string {
  return value === null ? '' : `${indent}<${name}>${esc(value)}</${name}>\n`;
}

/** The XML message: Header, then Children with one Child each (modules the front door holds only). */
export function toXml(msg: CinMessage): string {
  let x = xmlHead(msg.header);
  for (const c of msg.children) x += xmlChild(c);
  return x + XML_TAIL;
}

/** The message up to its first Child (streamed: head, each Child, tail). */
export function xmlHead(h: CinHeader): string {
  let x = '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n    <CollectionDetails>\n';
  x += el('Collection', h.collection, '      ');
  x += el('Year', h.year, '      ');
  x += el('ReferenceDate', h.referenceDate, '      ');
  x += '    </CollectionDetails>\n    <Source>\n';
  x += el('SourceLevel', h.sourceLevel, '      ');
  x += el('LEA', h.lea, '      ');
  x += el('SoftwareCode', h.softwareCode, '      ');
  x += el('Release', h.release, '      ');
  x += el('SerialNo', h.serialNo, '      ');
  x += el('DateTime', h.dateTime, '      ');
  x += '    </Source>\n  </Header>\n  <Children>\n';
  return x;
}

/** One Child element. */
export function xmlChild(c: CinChild): string {
  let x = '    <Child>\n      <ChildIdentifiers>\n';
  const i = '        ';
  x += el('LAchildID', c.laChildId, i);
  x += el('UPN', c.upn, i);
  x += el('UPNunknown', c.upnUnknown, i);
  x += el('PersonBirthDate', c.personBirthDate, i);
  x += el('ExpectedPersonBirthDate', c.expectedPersonBirthDate, i);
  x += el('Sex', c.sex, i);
  x += el('PersonDeathDate', c.personDeathDate, i);
  x += '      </ChildIdentifiers>\n      <ChildCharacteristics>\n';
  x += el('Ethnicity', c.ethnicity, i);
  if (c.disabilities.length) {
    x += `${i}<Disabilities>\n`;
    for (const d of c.disabilities) x += el('Disability', d, `${i}  `);
    x += `${i}</Disabilities>\n`;
  }
  x += '      </ChildCharacteristics>\n';
  for (const d of c.cinDetails) {
    x += '      <CINdetails>\n';
    x += el('CINreferralDate', d.referralDate, i);
    x += el('ReferralSource', d.referralSource, i);
    x += el('PrimaryNeedCode', d.primaryNeedCode, i);
    x += el('CINclosureDate', d.closureDate, i);
    x += el('ReasonForClosure', d.reasonForClosure, i);
    x += el('ReferralNFA', d.referralNFA ? 'true' : 'false', i);
    x += '      </CINdetails>\n';
  }
  x += '    </Child>\n';
  return x;
}

export const XML_TAIL = '  </Children>\n</Message>\n';
