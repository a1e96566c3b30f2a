import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';
import { AppConfig } from '@app/config';
import type { Actor } from '../actor';
import { ReferralRecorder } from '../referrals/referral-recorder';
import {
  ageOn,
  childFacts,
  ChildFacts,
  childUniqueId,
  ReferralRow,
  referralsForCensus,
  referralsInWindow,
} from '../referrals/referral-read';
import { annexAWorkbook, annexEthnicity, annexGender, annexSource, List1Row, List3Row } from './annex-a';
import { CinChild, CinMessage, toXml } from './cin-message';
import { addDays, addMonths, CensusPeriod, censusPeriod, CinIssue, validateCinMessage } from './cin-rules';

/**
 * The statutory returns out of what the service holds (statutory-returns.md): Ofsted's Annex A (List 1
 * contacts, List 3 referrals) for any window, and the DfE's CIN census message for a census year with the
 * validation queries to resolve. Every download is audited with its window and row counts.
 */
@Injectable()
export class ReturnsUseCase {
  constructor(
    private readonly ds: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly recorder: ReferralRecorder,
  ) {}

  /** List 1 and List 3 rows for a window (London dates, inclusive). */
  async annexARows(
    m: EntityManager,
    from: string,
    to: string,
  ): Promise<{ list1: List1Row[]; list3: List3Row[] }> {
    const la = this.config.LA_CODE;
    const contacts: {
      id: string;
      child_id: string | null;
      cin_code: string;
      day: string;
      gender: string | null;
      ethnicity: string | null;
      birth_date: string | null;
    }[] = await m.query(
      `SELECT c.id, c.child_id, c.cin_code,
              to_char((c.received_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS day,
              c.body->'child'->>'gender' AS gender, c.body->'child'->>'ethnicity' AS ethnicity,
              to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date
         FROM contacts c
        WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
          AND c.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London')
        ORDER BY c.received_at, c.id`,
      [from, to],
    );
    const referrals = await referralsInWindow(m, from, to);
    const facts = await childFacts(m, [
      ...new Set([...contacts.map((c) => c.child_id), ...referrals.map((r) => r.childId)].filter(Boolean)),
    ] as string[]);
    const list1 = contacts.map((c): List1Row => {
      const f = c.child_id ? facts.get(c.child_id) : undefined;
      const dob = f ? f.dateOfBirth : c.birth_date;
      return {
        childUniqueId: childUniqueId(c.child_id ?? c.id),
        gender: annexGender(f ? f.gender : genderOf(c.gender)),
        ethnicity: annexEthnicity(f ? f.ethnicity : (c.ethnicity ?? 'NOBT')),
        dateOfBirth: dob,
        age: ageOn(dob, c.day),
        dateOfContact: c.day,
        contactSource: annexSource(c.cin_code),
        la,
      };
    });
    const list3 = referrals.map((r): List3Row => {
      const f = facts.get(r.childId)!;
      return {
        childUniqueId: childUniqueId(r.childId),
        gender: annexGender(f.gender),
        ethnicity: annexEthnicity(f.ethnicity),
        dateOfBirth: f.dateOfBirth,
        age: ageOn(f.dateOfBirth, r.referralDate),
        dateOfReferral: r.referralDate,
        referralSource: annexSource(r.source),
        referralNfa: r.noFurtherAction ? 'a) Yes' : 'b) No',
        referralsInLast12Months: r.referralsInLast12Months,
        allocatedTeam: r.team,
        allocatedWorker: r.worker,
        la,
      };
    });
    return { list1, list3 };
  }

  /** The workbook for a window CensusWindowQuery validated (London dates, inclusive). */
  async annexA(
    actor: Actor,
    w: { from: string; to: string },
  ): Promise<{ file: Buffer; rows: { list1: number; list3: number } }> {
    return this.ds.transaction(async (m) => {
      await this.recorder.settleImported(m);
      const { list1, list3 } = await this.annexARows(m, w.from, w.to);
      const file = await annexAWorkbook(list1, list3);
      const rows = { list1: list1.length, list3: list3.length };
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'returns.annex_a.download',
        subjectType: 'return',
        subjectId: `annex-a:${w.from}:${w.to}`,
        details: { from: w.from, to: w.to, rows },
      });
      return { file, rows };
    });
  }

  /** The census message for the year ending 31 March `year`, and the rules' issues against it. */
  async census(
    m: EntityManager,
    year: number,
  ): Promise<{ message: CinMessage; issues: CinIssue[]; period: CensusPeriod; excluded: number }> {
    const period = censusPeriod(year);
    await this.recorder.settleImported(m);
    const all = await referralsForCensus(m, period.start, period.end);
    // A "no further action" referral dated before the working day ahead of the census year belongs to the
    // year before (rule 8569): it is not returned again because its closure fell after 1 April.
    const lastDayBefore = previousWorkingDay(period.start);
    const referrals = all.filter((r) => !(r.noFurtherAction && r.referralDate < lastDayBefore));
    const byChild = new Map<string, ReferralRow[]>();
    for (const r of referrals) byChild.set(r.childId, [...(byChild.get(r.childId) ?? []), r]);
    const facts = await childFacts(m, [...byChild.keys()]);
    const schoolAge = addMonths(addDays(addMonths(period.end, 4), 31), -48);
    const children: CinChild[] = [...byChild.entries()].map(([childId, rs]) => {
      const f = facts.get(childId) as ChildFacts;
      const details = rs.map((r) => {
        const closed = r.closedOn && r.closedOn <= period.end;
        return {
          referralId: r.id,
          referralDate: r.referralDate,
          referralSource: r.source,
          primaryNeedCode: r.primaryNeed,
          closureDate: closed ? r.closedOn : null,
          reasonForClosure: closed ? r.closureReason : null,
          referralNFA: r.noFurtherAction,
        };
      });
      const born = f.dateOfBirth;
      const upnUnknown = f.upn
        ? null
        : details.every((d) => d.referralNFA)
          ? 'UN7'
          : born && born > schoolAge
            ? 'UN1'
            : null;
      return {
        childId,
        laChildId: childUniqueId(childId),
        upn: f.upn,
        upnUnknown,
        personBirthDate: born,
        expectedPersonBirthDate: born ? null : f.expectedDateOfBirth,
        sex: born ? f.sex : 'U',
        personDeathDate: null,
        ethnicity: f.ethnicity,
        disabilities: f.disabilities ?? [],
        cinDetails: details,
      };
    });
    const message: CinMessage = {
      header: {
        collection: 'CIN',
        year: String(year),
        referenceDate: period.end,
        sourceLevel: 'L',
        lea: this.config.LA_CODE,
        softwareCode: 'Front door',
        release: '2026-1',
        serialNo: '001',
        dateTime: new Date().toISOString().slice(0, 19),
      },
      children,
    };
    return {
      message,
      issues: validateCinMessage(message, period),
      period,
      excluded: all.length - referrals.length,
    };
  }

  async censusXml(actor: Actor, year: number): Promise<{ xml: string; year: number }> {
    return this.ds.transaction(async (m) => {
      const { message, issues, period } = await this.census(m, year);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'returns.cin_census.download',
        subjectType: 'return',
        subjectId: `cin-census:${year}`,
        details: {
          from: period.start,
          to: period.end,
          rows: {
            children: message.children.length,
            cinDetails: message.children.reduce((n, c) => n + c.cinDetails.length, 0),
          },
          errors: issues.filter((i) => i.type === 'error').length,
          queries: issues.filter((i) => i.type === 'query').length,
        },
      });
      return { xml: toXml(message), year };
    });
  }

  async censusReport(actor: Actor, year: number) {
    return this.ds.transaction(async (m) => {
      const { message, issues, period, excluded } = await this.census(m, year);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'returns.cin_census.report',
        subjectType: 'return',
        subjectId: `cin-census:${year}`,
        details: {
          from: period.start,
          to: period.end,
          rows: { issues: issues.length, children: message.children.length },
        },
      });
      return {
        year,
        from: period.start,
        to: period.end,
        children: message.children.length,
        cinDetails: message.children.reduce((n, c) => n + c.cinDetails.length, 0),
        excludedNoFurtherActionFromYearBefore: excluded,
        errors: issues.filter((i) => i.type === 'error').length,
        queries: issues.filter((i) => i.type === 'query').length,
        issues,
      };
    });
  }
}

function genderOf(g: string | null): 'female' | 'male' | 'other' | null {
  return g === 'female' || g === 'male' || g === 'other' ? g : null;
}

function previousWorkingDay(date: string): string {
  let d = addDays(date, -1);
  while ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) d = addDays(d, -1);
  return d;
}
