import { AlertChannel } from '@app/contracts';

/** An alert as the channels send it: ids, codes and plain words (never a child's name or identifiers). */
export interface AlertRecord {
  id: string;
  kind: string;
  title: string;
  body: string;
  recipientRoles: string[];
  subjectType: string | null;
  subjectId: string | null;
  relatedAlertId: string | null;
  details: Record<string, unknown>;
  raisedAt: string;
  acknowledgedAt: string | null;
}

export interface DeliveryRecord {
  id: string;
  alertId: string;
  channel: AlertChannel;
  recipient: string;
  status: 'pending' | 'retrying' | 'delivered' | 'failed';
  attempts: number;
}

/** A channel sends one delivery. It throws to be retried, or a PermanentDeliveryError to fail for good. */
export interface AlertChannelSender {
  readonly channel: AlertChannel;
  send(delivery: DeliveryRecord, alert: AlertRecord, attempt: number): Promise<void>;
}

/** A failure that retrying cannot fix (the receiver refused the message itself). */
export class PermanentDeliveryError extends Error {}
