import { Injectable } from '@nestjs/common';
import { SufficiencyRepository, SufficiencyRequestRow } from './sufficiency.repository';
import { DIVERSIONS, LEGAL_BASES, PANEL_DECISIONS, PLACEMENT_TYPES, PROVIDERS } from './placement-vocabulary';

export interface Share {
  count: number;
  /** count over the figure's whole (0 to 1, 4 decimal places); null when the whole is 0. */
  share: number | null;
}

export interface Sufficiency {
  from: string;
  to: string;
  requests: {
    total: number;
    byType: Record<string, number>;
    byLegalBasis: Record<string, number>;
  };
  /** As each request was gatekept on arrival, over every request. */
  gatekeeping: {
    held: Share;
    cleared: Share;
    emergency: Share;
    /** Repeats linked to an open request for the same child and type. */
    repeats: number;
    /** Held on arrival, cleared later by new evidence. */
    clearedLaterByEvidence: number;
  };
  panel: {
    /** Every decision the panel made on these requests, by kind (a request deferred twice counts twice). */
    decisions: Record<string, number>;
    /** Requests the panel decided (approved, approved with conditions, or declined). */
    requestsDecided: number;
    /** Days from the request to the panel's decision (its first that was not a deferral). */
    daysToDecision: { mean: number | null; median: number | null; max: number | null };
  };
  outcomes: {
    placed: number;
    diverted: number;
    withdrawn: number;
    /** No outcome recorded yet. */
    open: number;
    /** Diverted over every request that ended (placed, diverted or withdrawn). */
    diversionRate: number | null;
    divertedHow: Record<string, number>;
  };
  placements: {
    count: number;
    byProvider: Record<string, Share>;
    inHouse: Share;
    independent: Share;
    outOfCounty: Share;
    unregistered: Share;
    byType: Record<string, number>;
    /** The weekly cost of every placement made, in pounds. */
    weeklyCostCommitted: number;
    meanWeeklyCost: number | null;
    highestWeeklyCost: number | null;
  };
}

/** The longest range one read may ask for (a little over ten years). */
export const MAX_RANGE_DAYS = 3700;
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const share = (count: number, whole: number): Share => ({
  count,
  share: whole ? round(count / whole, 4) : null,
});
const zeroes = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));

/**
 * The sufficiency figures a scrutiny committee asks for (placement-gatekeeping.md, "Sufficiency"), straight
 * from the requests received in the range (Europe/London days, inclusive) and what became of them.
 */
@Injectable()
export class SufficiencyUseCase {
  constructor(private readonly repository: SufficiencyRepository) {}

  async read(from: string, to: string): Promise<Sufficiency> {
    const rows = await this.repository.requestsReceived(from, to);
    const decisions = await this.repository.decisionCounts(from, to);
    const total = rows.length;
    const byType = zeroes(PLACEMENT_TYPES);
    const byLegalBasis = zeroes(LEGAL_BASES);
    for (const r of rows) {
      byType[r.placementType]++;
      byLegalBasis[r.legalBasis]++;
    }
    const count = (pred: (r: SufficiencyRequestRow) => boolean) => rows.filter(pred).length;

    const days = rows
      .filter((r) => r.decidedAt)
      .map((r) => (new Date(r.decidedAt!).getTime() - new Date(r.receivedAt).getTime()) / 86400000)
      .sort((a, b) => a - b);
    const median = !days.length
      ? null
      : days.length % 2
        ? days[(days.length - 1) / 2]
        : (days[days.length / 2 - 1] + days[days.length / 2]) / 2;

    const placed = rows.filter((r) => r.final === 'placed');
    const diverted = count((r) => r.final === 'diverted');
    const withdrawn = count((r) => r.final === 'withdrawn');
    const ended = placed.length + diverted + withdrawn;
    const divertedHow = zeroes(DIVERSIONS);
    for (const r of rows) if (r.final === 'diverted') divertedHow[r.how!]++;
    const byProvider = Object.fromEntries(
      PROVIDERS.map((p) => [p, share(placed.filter((r) => r.provider === p).length, placed.length)]),
    );
    const placedByType = zeroes(PLACEMENT_TYPES);
    for (const r of placed) placedByType[r.placedType!]++;
    const costs = placed.map((r) => Number(r.weeklyCost));
    const committed = round(
      costs.reduce((a, b) => a + b, 0),
      2,
    );

    return {
      from,
      to,
      requests: { total, byType, byLegalBasis },
      gatekeeping: {
        held: share(
          count((r) => r.firstOutcome === 'HELD_FOR_PANEL'),
          total,
        ),
        cleared: share(
          count((r) => r.firstOutcome === 'CLEARED'),
          total,
        ),
        emergency: share(
          count((r) => r.firstOutcome === 'RETROSPECTIVE_REVIEW'),
          total,
        ),
        repeats: count((r) => Boolean(r.linkedTo)),
        clearedLaterByEvidence: count((r) => r.firstOutcome === 'HELD_FOR_PANEL' && r.outcome === 'CLEARED'),
      },
      panel: {
        decisions: {
          ...zeroes(PANEL_DECISIONS),
          ...Object.fromEntries(decisions.map((d) => [d.decision, d.n])),
        },
        requestsDecided: days.length,
        daysToDecision: {
          mean: days.length ? round(days.reduce((a, b) => a + b, 0) / days.length, 1) : null,
          median: median === null ? null : round(median, 1),
          max: days.length ? round(days[days.length - 1], 1) : null,
        },
      },
      outcomes: {
        placed: placed.length,
        diverted,
        withdrawn,
        open: total - ended,
        diversionRate: ended ? round(diverted / ended, 4) : null,
        divertedHow,
      },
      placements: {
        count: placed.length,
        byProvider,
        inHouse: byProvider.in_house,
        independent: byProvider.independent,
        outOfCounty: share(placed.filter((r) => r.outOfCounty).length, placed.length),
        unregistered: byProvider.unregistered,
        byType: placedByType,
        weeklyCostCommitted: committed,
        meanWeeklyCost: costs.length ? round(committed / costs.length, 2) : null,
        highestWeeklyCost: costs.length ? Math.max(...costs) : null,
      },
    };
  }
}

/** Every figure as one CSV row: `figure,value`, the figure named by its path in the JSON read. */
export function sufficiencyCsv(s: Sufficiency): string {
  const lines = ['figure,value'];
  const walk = (v: unknown, path: string) => {
    if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k);
    } else {
      lines.push(`${path},${v === null ? '' : String(v)}`);
    }
  };
  walk(s, '');
  return lines.join('\n') + '\n';
}
