/**
 * BullMQ queue names and their job payloads. DO NOT CHANGE THESE VALUES without a migration plan: delayed
 * jobs already in Redis (SLA timers, escalations) are stored under them.
 */
export const QueueName = {
  /** A delayed job per contact at its due time. */
  Sla: 'sla-timers',
  AlertInApp: 'alert-delivery-in-app',
  AlertWebhook: 'alert-delivery-webhook',
  AlertEmail: 'alert-delivery-email',
  /** A delayed job per alert: escalate if not acknowledged in time. */
  AlertEscalation: 'alert-escalation',
  SpikeCheck: 'spike-check',
  /** A job per feedback webhook to a referrer (the partner_feedback row's id). */
  PartnerFeedback: 'partner-feedback-webhook',
  /** Delayed jobs of the placement panel: an action's due time, a retrospective review's due time. */
  PlacementPanel: 'placement-panel-timers',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export interface SlaJob {
  contactId: string;
  dueAt: string;
}

/** Job payload type by queue: a processor cannot be handed the wrong payload. */
export interface QueueJobs {
  [QueueName.Sla]: SlaJob;
  [QueueName.AlertInApp]: { deliveryId: string };
  [QueueName.AlertWebhook]: { deliveryId: string };
  [QueueName.AlertEmail]: { deliveryId: string };
  [QueueName.AlertEscalation]: { alertId: string };
  [QueueName.SpikeCheck]: { day?: string };
  [QueueName.PartnerFeedback]: { feedbackId: string };
  [QueueName.PlacementPanel]: PanelTimerJob;
}

/** A panel action past its due day, or a retrospective review past its due time (placement-gatekeeping.md). */
export type PanelTimerJob =
  { kind: 'action'; actionId: string; dueAt: string } | { kind: 'review'; requestId: string; dueAt: string };

/** Derived from the action or the request, so a timer is only ever placed once however often it is rebuilt. */
export const panelTimerJobId = (job: PanelTimerJob): string =>
  job.kind === 'action' ? `panel-action-${job.actionId}` : `panel-review-${job.requestId}`;

/** The SLA job's id is derived from the contact, so a re-triage moves the one timer instead of adding one. */
export const slaJobId = (contactId: string): string => `sla-${contactId}`;
