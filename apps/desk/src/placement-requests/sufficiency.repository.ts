import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A request received in the range, with what became of it (its final outcome, if any). */
export interface SufficiencyRequestRow {
  id: string;
  placementType: string;
  legalBasis: string;
  firstOutcome: string;
  outcome: string;
  linkedTo: string | null;
  receivedAt: Date;
  final: string | null;
  placedType: string | null;
  provider: string | null;
  outOfCounty: boolean | null;
  weeklyCost: number | null;
  how: string | null;
  /** The panel's first decision that was not a deferral. */
  decidedAt: Date | null;
}

/** The figures' reads: requests received in a range of Europe/London days (inclusive) and the panel's decisions. */
@Injectable()
export class SufficiencyRepository {
  constructor(private readonly ds: DataSource) {}

  async requestsReceived(from: string, to: string): Promise<SufficiencyRequestRow[]> {
    const rows: {
      id: string;
      placement_type: string;
      legal_basis: string;
      first_outcome: string;
      outcome: string;
      linked_to: string | null;
      received_at: Date;
      final: string | null;
      placed_type: string | null;
      provider: string | null;
      out_of_county: boolean | null;
      weekly_cost: number | null;
      how: string | null;
      decided_at: Date | null;
    }[] = await this.ds.query(
      `SELECT p.id, p.placement_type, p.legal_basis, p.first_outcome, p.outcome, p.linked_to, p.received_at,
              o.outcome AS final, o.placement_type AS placed_type, o.provider, o.out_of_county,
              o.weekly_cost::float8 AS weekly_cost, o.how,
              (SELECT min(d.decided_at) FROM placement_panel_decisions d
                WHERE d.request_id = p.id AND d.decision <> 'deferred') AS decided_at
         FROM placement_requests p LEFT JOIN placement_outcomes o ON o.request_id = p.id
        WHERE p.received_at >= ($1::date)::timestamp AT TIME ZONE 'Europe/London'
          AND p.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London')`,
      [from, to],
    );
    return rows.map((r) => ({
      id: r.id,
      placementType: r.placement_type,
      legalBasis: r.legal_basis,
      firstOutcome: r.first_outcome,
      outcome: r.outcome,
      linkedTo: r.linked_to,
      receivedAt: r.received_at,
      final: r.final,
      placedType: r.placed_type,
      provider: r.provider,
      outOfCounty: r.out_of_county,
      weeklyCost: r.weekly_cost,
      how: r.how,
      decidedAt: r.decided_at,
    }));
  }

  /** Every decision the panel made on the requests received in the range, counted by kind. */
  decisionCounts(from: string, to: string): Promise<{ decision: string; n: number }[]> {
    return this.ds.query(
      `SELECT d.decision, count(*)::int AS n FROM placement_panel_decisions d
         JOIN placement_requests p ON p.id = d.request_id
        WHERE p.received_at >= ($1::date)::timestamp AT TIME ZONE 'Europe/London'
          AND p.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London')
        GROUP BY d.decision`,
      [from, to],
    );
  }
}
