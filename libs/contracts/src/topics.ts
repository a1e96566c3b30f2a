/**
 * Kafka topic names. DO NOT CHANGE THESE VALUES without a migration plan: partners' events in flight and
 * every consumer group's committed offsets are keyed by them. Each topic's payload type sits beside it in
 * events.ts, so producer and consumer share one type.
 */
export const Topic = {
  ContactReceived: 'contact.received.v1',
  ContactTriaged: 'contact.triaged.v1',
  PlacementRequested: 'placement.requested.v1',
  PlacementGatekept: 'placement.gatekept.v1',
  AlertRaised: 'alert.raised.v1',
  /** A referrer is to hear a duty decision on its contact (a partner_feedback row to deliver). */
  PartnerFeedback: 'partner.feedback.v1',
} as const;
export type TopicName = (typeof Topic)[keyof typeof Topic];

/** Dead-letter topic for a topic: where messages that cannot be processed go, with the error in headers. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** Consumer group names, one per consuming app. DO NOT CHANGE without a migration plan (committed offsets). */
export const ConsumerGroup = {
  Triage: 'front-door.triage',
  Alerts: 'front-door.alerts',
  Insights: 'front-door.insights',
  Desk: 'front-door.desk',
} as const;
