import type { StaffComponents } from '@app/sdk';
import { send } from '../api';

/** The managers' reads (insights-api.md, placement-gatekeeping.md "Sufficiency"), through the typed SDK. */
type Schemas = StaffComponents['schemas'];
export type DailyPoint = Schemas['DailyCount'];
export type Spike = Schemas['Spike'];
export type PartnerFigures = Schemas['PartnerFiguresResponse'];
export type SpikeExplanation = Schemas['SpikeExplanationDto'];
export type SpikeContacts = Schemas['SpikeContactsDto'];
export type Sufficiency = Schemas['SufficiencyAnswer'];

/** GET /v1/insights/summary (its OpenAPI document does not describe the body yet: the desk's use case does). */
export interface InsightsSummary {
  from: string;
  to: string;
  total: number;
  imported: number;
  bySourceGroup: Record<string, number>;
  byLocality: Record<string, number>;
  byAgency: Record<string, number>;
  conversion: {
    triaged: number;
    byLevel: Record<string, number>;
    byRoute: Record<string, number>;
    levels3and4: number;
    levels3and4Share: number | null;
  };
  recontacts: { count: number; share: number | null };
  referrals: {
    count: number;
    reReferrals: number;
    reReferralRate: number | null;
    noFurtherAction: number;
    byDay: Record<string, number>;
  };
  timeliness: { met: number; missed: number; metShare: number | null };
  queue: { depth: number; overdue: number; oldestAgeSeconds: number | null };
  deadLetters: Record<string, number | null>;
}

export interface Range {
  from: string;
  to: string;
}

const day = (date: string, series: string) => ({ path: { date }, query: { series } });

export const insights = {
  daily: (r: Range, series: string[]) =>
    send<{ series: Record<string, DailyPoint[]> }>('GET', '/v1/insights/daily', { query: { ...r, series } }),
  spikes: (r: Range) => send<{ spikes: Spike[] }>('GET', '/v1/insights/spikes', { query: r }),
  summary: (r: Range) => send<InsightsSummary>('GET', '/v1/insights/summary', { query: r }),
  partners: (r: Range) => send<PartnerFigures>('GET', '/v1/insights/partners', { query: r }),
  explain: (date: string, series: string) =>
    send<SpikeExplanation>('GET', '/v1/insights/spikes/{date}/explanation', day(date, series)),
  spikeContacts: (date: string, series: string) =>
    send<SpikeContacts>('GET', '/v1/insights/spikes/{date}/contacts', day(date, series)),
  placements: (r: Range) => send<Sufficiency>('GET', '/v1/insights/placements', { query: r }),
  placementsCsv: (r: Range) =>
    send<string>('GET', '/v1/insights/placements.csv', { query: r, parseAs: 'text' }),
};
