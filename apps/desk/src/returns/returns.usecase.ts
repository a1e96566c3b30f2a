import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, QueryRunner } from 'typeorm';
import { appendAudit } from '@app/audit';
import { AppConfig } from '@app/config';
import type { Actor } from '../actor';
import { ReferralRecorder } from '../referrals/referral-recorder';
import { ageOn, childUniqueId } from '../referrals/referral-codes';
import { ChildFacts, ReferralReadsRepository, ReferralRow } from '../referrals/referral-reads.repository';
import { AnnexAWriter, annexEthnicity, annexGender, annexSource, List1Row, List3Row } from './annex-a';
import { CinChild, CinHeader, xmlChild, xmlHead, XML_TAIL } from './cin-message';
import { addDays, addMonths, CensusPeriod, censusPeriod, CinStreamValidation } from './cin-rules';

/**
 * The statutory returns out of what the service holds (statutory-returns.md): Ofsted's Annex A (List 1
 * contacts, List 3 referrals) for any window, and the DfE's CIN census message for a census year with the
 * validation queries to resolve. Every download is audited with its window and row counts.
 */
@Injectable()
export class ReturnsUseCase {
  constructor(
    private readonly reads: ReferralReadsRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly recorder: ReferralRecorder,
  ) {}

  /** Contacts read a page at a time for List 1 (by keyset); days of referrals a page for List 3. */
  pageRows = 5000;
  pageDays = 7;

  /** List 1's rows for a window (London dates, inclusive), a page at a time in received order. */
  async *list1Pages(m: EntityManager, from: string, to: string): AsyncGenerator<List1Row[]> {
    const la = this.config.LA_CODE;
    let after: [string, string] | null = null;
    for (;;) {
      const contacts = await this.reads.list1Contacts(m, from, to, this.pageRows, after);
      if (!contacts.length) return;
      const facts = await this.reads.childFacts(m, [
        ...new Set(contacts.map((c) => c.childId).filter((id): id is string => !!id)),
      ]);
      yield contacts.map((c): List1Row => {
        const f = c.childId ? facts.get(c.childId) : undefined;
        const dob = f ? f.dateOfBirth : c.birthDate;
        return {
          childUniqueId: childUniqueId(c.childId ?? c.id),
          gender: annexGender(f ? f.gender : genderOf(c.gender)),
          ethnicity: annexEthnicity(f ? f.ethnicity : (c.ethnicity ?? 'NOBT')),
          dateOfBirth: dob,
          age: ageOn(dob, c.day),
          dateOfContact: c.day,
          contactSource: annexSource(c.cinCode),
          la,
        };
      });
      if (contacts.length < this.pageRows) return;
      const last = contacts[contacts.length - 1];
      after = [last.at, last.id];
    }
  }

  /** List 3's rows for a window, `pageDays` days of referral dates at a time, in date then child order. */
  async *list3Pages(m: EntityManager, from: string, to: string): AsyncGenerator<List3Row[]> {
    const la = this.config.LA_CODE;
    for (let day = from; day <= to; day = addDays(day, this.pageDays)) {
      const last = addDays(day, this.pageDays - 1);
      const referrals = await this.reads.inWindow(m, day, last < to ? last : to);
      if (!referrals.length) continue;
      const facts = await this.reads.childFacts(m, [...new Set(referrals.map((r) => r.childId))]);
      yield referrals.map((r): List3Row => {
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
    }
  }

  /**
   * The Annex A workbook, streamed: `file` is written a page of rows at a time as they are read (memory stays
   * a page whatever the window). Imported outcomes are settled first; then the rows are read from one
   * snapshot (a repeatable-read transaction), counted there, and the download audited with those counts and
   * committed before the first byte is sent, so an answered download is an audited one. A failure part way
   * ends the stream with the error.
   */
  async annexA(
    actor: Actor,
    w: { from: string; to: string },
  ): Promise<{ file: Readable; rows: { list1: number; list3: number } }> {
    await this.reads.transaction((m) => this.recorder.settleImported(m));
    const q = await this.reads.snapshot();
    let rows: { list1: number; list3: number };
    try {
      rows = await this.reads.annexACounts(q.manager, w.from, w.to);
      await this.reads.transaction((m) =>
        appendAudit(m, {
          actor: actor.username,
          actorRole: actor.role,
          action: 'returns.annex_a.download',
          subjectType: 'return',
          subjectId: `annex-a:${w.from}:${w.to}`,
          details: { from: w.from, to: w.to, rows },
        }),
      );
    } catch (e) {
      await q.rollbackTransaction().catch(() => undefined);
      await q.release();
      throw e;
    }
    const file = new PassThrough();
    const write = async () => {
      const m = q.manager;
      const writer = new AnnexAWriter(file);
      const drained = async () => {
        if (file.destroyed) throw new Error('the download was closed before its end');
        if (file.writableNeedDrain) await once(file, 'drain');
      };
      for await (const page of this.list1Pages(m, w.from, w.to)) {
        writer.list1(page);
        await drained();
      }
      for await (const page of this.list3Pages(m, w.from, w.to)) {
        writer.list3(page);
        await drained();
      }
      await writer.finish();
    };
    streamInTransaction(q, file, write);
    return { file, rows };
  }

  /** Census referrals read through the cursor this many at a time. */
  censusBatchRows = 2000;

  /**
   * The census year's children, a page at a time in child id (so LAchildID) order, read through a cursor
   * (`m` in a transaction): a child whose referrals straddle a batch is held back to the next page, so memory
   * holds a batch whatever the year. `tally.excluded` counts the referrals left out (rule 8569 below).
   */
  async *censusPages(
    m: EntityManager,
    period: CensusPeriod,
    tally: { excluded: number } = { excluded: 0 },
  ): AsyncGenerator<CinChild[]> {
    // A "no further action" referral dated before the working day ahead of the census year belongs to the
    // year before (rule 8569): it is not returned again because its closure fell after 1 April.
    const lastDayBefore = previousWorkingDay(period.start);
    const schoolAge = addMonths(addDays(addMonths(period.end, 4), 31), -48);
    let held: ReferralRow[] = [];
    const page = async (rows: ReferralRow[]): Promise<CinChild[]> => {
      const byChild = new Map<string, ReferralRow[]>();
      for (const r of rows) {
        if (r.noFurtherAction && r.referralDate < lastDayBefore) tally.excluded++;
        else byChild.set(r.childId, [...(byChild.get(r.childId) ?? []), r]);
      }
      if (!byChild.size) return [];
      const facts = await this.reads.childFacts(m, [...byChild.keys()]);
      return [...byChild.entries()].map(([childId, rs]) =>
        cinChild(childId, rs, facts.get(childId) as ChildFacts, period, schoolAge),
      );
    };
    for await (const batch of this.reads.censusBatches(m, period.start, period.end, this.censusBatchRows)) {
      const rows = [...held, ...batch];
      const last = rows[rows.length - 1].childId;
      const cut = rows.findIndex((r) => r.childId === last);
      held = rows.slice(cut);
      const children = await page(rows.slice(0, cut));
      if (children.length) yield children;
    }
    const children = await page(held);
    if (children.length) yield children;
  }

  private censusHeader(year: number, period: CensusPeriod): CinHeader {
    return {
      collection: 'CIN',
      year: String(year),
      referenceDate: period.end,
      sourceLevel: 'L',
      lea: this.config.LA_CODE,
      softwareCode: 'Front door',
      release: '2026-1',
      serialNo: '001',
      dateTime: new Date().toISOString().slice(0, 19),
    };
  }

  /** One pass over the census year validating it (issues held only if `keep`); `m` in a transaction. */
  private async validateCensus(m: EntityManager, header: CinHeader, period: CensusPeriod, keep: boolean) {
    const duplicateUpns = await this.reads.duplicateUpnsForCensus(
      m,
      period.start,
      period.end,
      previousWorkingDay(period.start),
    );
    const validation = new CinStreamValidation(header, period, { duplicateUpns }, keep);
    const tally = { excluded: 0 };
    for await (const children of this.censusPages(m, period, tally)) validation.add(children);
    const issues = validation.end();
    return { ...validation.counts, issues, excluded: tally.excluded };
  }

  /**
   * The census message, streamed: the year is read twice from one snapshot (a repeatable-read transaction),
   * a page of children at a time. The first pass validates it, and the download is audited with its counts
   * and committed before the first byte; the second writes each Child as it is read. Memory stays a page
   * whatever the year. A failure part way ends the stream with the error.
   */
  async censusXml(actor: Actor, year: number): Promise<{ file: Readable; year: number }> {
    const period = censusPeriod(year);
    const header = this.censusHeader(year, period);
    await this.reads.transaction((m) => this.recorder.settleImported(m));
    const q = await this.reads.snapshot();
    try {
      const v = await this.validateCensus(q.manager, header, period, false);
      await this.reads.transaction((m) =>
        appendAudit(m, {
          actor: actor.username,
          actorRole: actor.role,
          action: 'returns.cin_census.download',
          subjectType: 'return',
          subjectId: `cin-census:${year}`,
          details: {
            from: period.start,
            to: period.end,
            rows: { children: v.children, cinDetails: v.cinDetails },
            errors: v.errors,
            queries: v.queries,
          },
        }),
      );
    } catch (e) {
      await q.rollbackTransaction().catch(() => undefined);
      await q.release();
      throw e;
    }
    const file = new PassThrough();
    const write = async () => {
      const drained = async () => {
        if (file.destroyed) throw new Error('the download was closed before its end');
        if (file.writableNeedDrain) await once(file, 'drain');
      };
      file.write(xmlHead(header));
      for await (const children of this.censusPages(q.manager, period)) {
        file.write(children.map(xmlChild).join(''));
        await drained();
      }
      file.end(XML_TAIL);
    };
    streamInTransaction(q, file, write);
    return { file, year };
  }

  async censusReport(actor: Actor, year: number) {
    const period = censusPeriod(year);
    await this.reads.transaction((m) => this.recorder.settleImported(m));
    return this.reads.inSnapshot(async (m) => {
      const v = await this.validateCensus(m, this.censusHeader(year, period), period, true);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'returns.cin_census.report',
        subjectType: 'return',
        subjectId: `cin-census:${year}`,
        details: {
          from: period.start,
          to: period.end,
          rows: { issues: v.issues.length, children: v.children },
        },
      });
      return {
        year,
        from: period.start,
        to: period.end,
        children: v.children,
        cinDetails: v.cinDetails,
        excludedNoFurtherActionFromYearBefore: v.excluded,
        errors: v.errors,
        queries: v.queries,
        issues: v.issues,
      };
    });
  }
}

/** A child of the census with its referrals (those of the census year, in referral date order). */
function cinChild(
  childId: string,
  rs: ReferralRow[],
  f: ChildFacts,
  period: CensusPeriod,
  schoolAge: string,
): CinChild {
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
}

/**
 * Runs `write` into `file` on the query runner's open transaction, then commits (or, on a failure or the
 * download closed part way, destroys the stream and rolls back) and releases the runner.
 */
function streamInTransaction(q: QueryRunner, file: PassThrough, write: () => Promise<void>): void {
  // A download closed part way (the client gone) ends the transaction too, whatever the writer awaits.
  const closed = new Promise<never>((_, reject) =>
    file.once('close', () => reject(new Error('the download was closed before its end'))),
  );
  closed.catch(() => undefined);
  Promise.race([write(), closed])
    .then(
      () => q.commitTransaction(),
      async (e: unknown) => {
        file.destroy(e as Error);
        await q.rollbackTransaction();
      },
    )
    .catch(() => undefined)
    .finally(() => q.release());
}

function genderOf(g: string | null): 'female' | 'male' | 'other' | null {
  return g === 'female' || g === 'male' || g === 'other' ? g : null;
}

function previousWorkingDay(date: string): string {
  let d = addDays(date, -1);
  while ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) d = addDays(d, -1);
  return d;
}
