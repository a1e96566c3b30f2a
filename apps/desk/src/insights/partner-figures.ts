import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { addWorkingDays, BankHolidays, CriteriaRegistry } from '@app/criteria';
import { closedWithNoFurtherAction } from '@app/decisions';
import { isoDateOf } from '@app/insights';
import { referralOutcomes as countyReferralOutcomes } from '../referrals/referral-codes';
import { InsightsReadsRepository } from './insights-reads.repository';

export class PartnerShare {
  @ApiProperty({ example: 31 })
  count: number;

  @ApiProperty({ example: 0.738, nullable: true, type: Number, description: 'Of contacts sent, to 3 places' })
  share: number | null;
}

export class PartnerFigures {
  @ApiProperty({ format: 'uuid' })
  partnerId: string;

  @ApiProperty({ example: 'cherwell-valley-primary' })
  name: string;

  @ApiProperty({ example: 'school' })
  agency: string;

  @ApiProperty({ example: 'Cherwell Valley Primary School', nullable: true, type: String })
  organisation: string | null;

  @ApiProperty({ example: 42, description: 'Contacts received in the window (Europe/London dates)' })
  contactsSent: number;

  @ApiProperty({
    type: PartnerShare,
    description: 'First duty decision (confirm, override or close) within one working day of receipt',
  })
  decidedWithinOneWorkingDay: PartnerShare;

  @ApiProperty({
    type: PartnerShare,
    description: 'Closed with no further action (the outcome or the CIN flag)',
  })
  noFurtherAction: PartnerShare;

  @ApiProperty({ type: PartnerShare, description: "Closed with one of the county's referral outcomes" })
  referrals: PartnerShare;
}

export class PartnerFiguresResponse {
  @ApiProperty({ format: 'date', example: '2026-11-01' })
  from: string;

  @ApiProperty({ format: 'date', example: '2026-11-30' })
  to: string;

  @ApiProperty({ example: ['STATUTORY_ASSESSMENT', 'STRATEGY_DISCUSSION', 'FAMILY_SUPPORT'] })
  referralOutcomes: string[];

  @ApiProperty({
    type: [PartnerFigures],
    description: 'Partners with a contact in the window, most contacts first',
  })
  partners: PartnerFigures[];
}

/** One contact as the figures count it. */
export interface ContactFact {
  partnerId: string;
  receivedAt: Date;
  firstDecidedAt: Date | null;
  close: { outcome: string; cinNoFurtherAction: boolean } | null;
}

const share = (n: number, d: number) => (d > 0 ? Math.round((1000 * n) / d) / 1000 : null);

/** Per-partner counts and shares of the contacts it sent (pure: the figures' rules in one place). */
export function partnerFiguresOf(
  facts: readonly ContactFact[],
  referralOutcomes: readonly string[],
  bankHolidays: BankHolidays,
): Map<string, Omit<PartnerFigures, 'partnerId' | 'name' | 'agency' | 'organisation'>> {
  const referral = new Set(referralOutcomes);
  const counts = new Map<string, { sent: number; inTime: number; nfa: number; referrals: number }>();
  for (const f of facts) {
    const c = counts.get(f.partnerId) ?? { sent: 0, inTime: 0, nfa: 0, referrals: 0 };
    c.sent += 1;
    if (
      f.firstDecidedAt &&
      f.firstDecidedAt.getTime() <= addWorkingDays(f.receivedAt, 1, bankHolidays).getTime()
    )
      c.inTime += 1;
    if (f.close && closedWithNoFurtherAction(f.close)) c.nfa += 1;
    if (f.close && referral.has(f.close.outcome)) c.referrals += 1;
    counts.set(f.partnerId, c);
  }
  return new Map(
    [...counts].map(([id, c]) => [
      id,
      {
        contactsSent: c.sent,
        decidedWithinOneWorkingDay: { count: c.inTime, share: share(c.inTime, c.sent) },
        noFurtherAction: { count: c.nfa, share: share(c.nfa, c.sent) },
        referrals: { count: c.referrals, share: share(c.referrals, c.sent) },
      },
    ]),
  );
}

/**
 * Feedback to referrers, the dashboard's side: for each partner, the contacts it sent in a window and what
 * became of them. From the contacts and the duty decisions themselves (a referral is a contact closed with a
 * referral outcome, the same rule as the returns).
 */
@Injectable()
export class PartnerFiguresUseCase {
  constructor(
    private readonly reads: InsightsReadsRepository,
    private readonly config: AppConfig,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async execute(from: number, to: number): Promise<PartnerFiguresResponse> {
    const rows = await this.reads.partnerContacts(isoDateOf(from), isoDateOf(to));
    const referralOutcomes = [...countyReferralOutcomes(this.config.REFERRAL_OUTCOMES)];
    const figures = partnerFiguresOf(rows, referralOutcomes, this.criteria.current().calendar);
    const partners = await this.reads.partners([...figures.keys()]);
    return {
      from: isoDateOf(from),
      to: isoDateOf(to),
      referralOutcomes,
      partners: partners
        .map((p) => ({
          partnerId: p.id,
          name: p.name,
          agency: p.agency,
          organisation: p.organisation,
          ...figures.get(p.id)!,
        }))
        .sort((a, b) => b.contactsSent - a.contactsSent || a.name.localeCompare(b.name)),
    };
  }
}
