import { DataSource } from 'typeorm';
import { AlertFeedHub } from './alert-feed.hub';
import { countUnacknowledged, readAlertView } from './alert-feed.queries';

/**
 * Passes each alert for `role` (an administrator sees all) to `send` as the live streams show it: the
 * alert's view and the role's unacknowledged count. Returns the function that stops listening.
 */
export function listenForAlerts(
  hub: AlertFeedHub,
  dataSource: DataSource,
  role: string,
  send: (event: { type: string; alert: unknown; unacknowledged: number }) => void,
  open: () => boolean,
): () => void {
  return hub.listen((event) => {
    if (role !== 'admin' && !(event.recipientRoles ?? []).includes(role)) return; // a malformed event reaches no one
    void (async () => {
      const m = dataSource.manager;
      const alert = await readAlertView(m, role, event.alertId);
      if (alert && open()) {
        send({ type: event.type, alert, unacknowledged: await countUnacknowledged(m, role) });
      }
    })().catch(() => undefined);
  });
}
