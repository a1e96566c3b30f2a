import { Topic } from './topics';

/** Every event carries its own id: consumers record it to make redelivery change nothing. */
export interface EventEnvelope<T extends string, P> {
  eventId: string;
  type: T;
  occurredAt: string;
  payload: P;
}

/**
 * A contact was durably recorded. It carries only ids: consumers read the contact from Postgres, so no
 * child's details travel through (or are retained by) the broker.
 */
export interface ContactReceivedPayload {
  contactId: string;
  receivedAt: string;
  imported?: boolean;
}

export interface ContactTriagedPayload {
  contactId: string;
  childId: string;
  decisionId: string;
  /** The contact whose arrival caused this triage (itself, or a later contact about the same child). */
  triggeredBy: string;
  triagedAt: string;
  criteriaVersion: string;
  needLevel: number;
  route: string;
  team: string | null;
  priority: string;
  dueAt: string;
  /** Set when this is a re-triage that raised the level or priority of an item a duty worker holds. */
  raisedWhileHeld?: boolean;
}

export type ContactReceivedEvent = EventEnvelope<typeof Topic.ContactReceived, ContactReceivedPayload>;
export type ContactTriagedEvent = EventEnvelope<typeof Topic.ContactTriaged, ContactTriagedPayload>;

/** Payload type by topic: a consumer of a topic cannot be handed the wrong payload. */
export interface TopicPayloads {
  [Topic.ContactReceived]: ContactReceivedPayload;
  [Topic.ContactTriaged]: ContactTriagedPayload;
  [Topic.PlacementRequested]: { placementRequestId: string; childId: string; receivedAt: string };
  [Topic.PlacementGatekept]: { placementRequestId: string; outcome: string; failedChecks: string[] };
  [Topic.AlertRaised]: { alertId: string; kind: string; raisedAt: string };
  [Topic.PartnerFeedback]: { feedbackId: string; contactId: string };
}
