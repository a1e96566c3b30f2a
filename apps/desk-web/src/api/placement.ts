import type { StaffComponents } from '@app/sdk';
import { send } from '../api';

type Schemas = StaffComponents['schemas'];
/** The answers' shapes, as the desk's OpenAPI document declares them (libs/sdk). */
export type PlacementRequest = Schemas['PlacementRequestAnswer'];
export type PlacementRequestDetail = Schemas['PlacementRequestDetailView'];
export type PlacementTimeline = Schemas['PlacementTimelineAnswer'];
export type PanelListItem = Schemas['PanelListItem'];
export type PanelDecision = Schemas['PanelDecisionView'];
export type PanelActionItem = Schemas['PanelActionView'];
export type Evidence = Schemas['EvidenceBody'];
export type OutcomeBody = Schemas['OutcomeBody'];
export type PanelDecisionBody = Schemas['PanelDecisionBody'];

/** A new request as the form sends it (the body is checked by the desk: validate-placement-request.ts). */
export interface NewPlacementRequest {
  child: { id: string };
  placementType: string;
  legalBasis: string;
  emergency: boolean;
  requestedBy?: { name?: string; role?: string; team?: string };
  reason?: string;
  evidence: Evidence;
}

const request = (id: string) => ({ id });

/** The placement requests and the placement panel (placement-gatekeeping.md), through the typed SDK. */
export const placementApi = {
  create: (body: NewPlacementRequest) => send<PlacementRequest>('POST', '/v1/placement-requests', { body }),
  list: (query: { childId?: string; outcome?: string; limit?: string } = {}) =>
    send<{ items: PlacementRequestDetail[] }>('GET', '/v1/placement-requests', { query }),
  timeline: (id: string) =>
    send<PlacementTimeline>('GET', '/v1/placement-requests/{id}/timeline', { path: request(id) }),
  panel: () => send<{ items: PanelListItem[] }>('GET', '/v1/placement-panel'),
  decide: (id: string, body: PanelDecisionBody) =>
    send<PlacementRequest>('POST', '/v1/placement-requests/{id}/panel-decisions', {
      path: request(id),
      body,
    }),
  actionDone: (id: string, actionId: string, note?: string) =>
    send<PlacementRequest>('POST', '/v1/placement-requests/{id}/panel-actions/{actionId}/done', {
      path: { id, actionId },
      body: note ? { note } : {},
    }),
  evidence: (id: string, body: Evidence) =>
    send<PlacementRequest>('PATCH', '/v1/placement-requests/{id}/evidence', { path: request(id), body }),
  outcome: (id: string, body: OutcomeBody) =>
    send<PlacementRequest>('POST', '/v1/placement-requests/{id}/outcome', { path: request(id), body }),
};
