import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { addWorkingDays, BankHolidays, CriteriaRegistry } from '@app/criteria';
import { closedWithNoFurtherAction } from '@app/decisions';
import { isoDateOf } from '@app/insights';
import { referralOutcomes as countyReferralOutcomes } from '../referrals/referral-codes';

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
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async execute(from: number, to: number): Promise<PartnerFiguresResponse> {
    const rows: {
      partner_id: string;
      received_at: Date;
      first_decided_at: Date | null;
      close_outcome: string | null;
      close_nfa: boolean | null;
    }[] = await this.ds.query(
      `SELECT c.partner_id, c.received_at,
              (SELECT min(d.created_at) FROM duty_decisions d WHERE d.contact_id = c.id) AS first_decided_at,
              cl.outcome AS close_outcome, cl.cin_no_further_action AS close_nfa
         FROM contacts c
         LEFT JOIN LATERAL (
           SELECT d.outcome, d.cin_no_further_action FROM duty_decisions d
            WHERE d.contact_id = c.id AND d.kind = 'close' ORDER BY d.created_at DESC, d.id DESC LIMIT 1
         ) cl ON true
        WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
          AND c.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London')`,
      [isoDateOf(from), isoDateOf(to)],
    );
    const referralOutcomes = [...countyReferralOutcomes(this.config.REFERRAL_OUTCOMES)];
    const figures = partnerFiguresOf(
      rows.map((r) => ({
        partnerId: r.partner_id,
        receivedAt: new Date(r.received_at),
        firstDecidedAt: r.first_decided_at ? new Date(r.first_decided_at) : null,
        close: r.close_outcome ? { outcome: r.close_outcome, cinNoFurtherAction: !!r.close_nfa } : null,
      })),
      referralOutcomes,
      this.criteria.current().calendar,
    );
    const partners: { id: string; name: string; agency: string; organisation: string | null }[] = figures.size
      ? await this.ds.query(
          'SELECT id, name, agency, organisation FROM partners WHERE id = ANY($1::uuid[])',
          [[...figures.keys()]],
        )
      : [];
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
