import type { StaffComponents } from '@app/sdk';
import { send } from '../api';

/** An alert as the feed shows it (the desk's OpenAPI document), with its deliveries per channel. */
export type Alert = Omit<StaffComponents['schemas']['Alert'], 'deliveries'> & { deliveries: Delivery[] };
export interface Delivery {
  channel: string;
  recipient: string;
  status: 'pending' | 'retrying' | 'delivered' | 'failed';
  attempts: number;
  deliveredAt: string | null;
  lastError: string | null;
}
export interface AlertFeed {
  unacknowledged: number;
  items: Alert[];
}

export const alertsApi = {
  list: (unacknowledgedOnly: boolean, limit?: number) =>
    send<AlertFeed>('GET', '/v1/alerts', {
      query: { ...(unacknowledgedOnly ? { unacknowledged: 'true' } : {}), ...(limit ? { limit } : {}) },
    }),
  acknowledge: (id: string, note: string) =>
    send<Alert>('POST', '/v1/alerts/{id}/acknowledge', { path: { id }, body: { note } }),
};
