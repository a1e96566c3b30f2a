import { AlertFeedHub } from './alert-feed.hub';
import { AlertFeedRepository } from './alert-feed.repository';

/**
 * Passes each alert for `role` (an administrator sees all) to `send` as the live streams show it: the
 * alert's view and the role's unacknowledged count. Returns the function that stops listening.
 */
export function listenForAlerts(
  hub: AlertFeedHub,
  alerts: AlertFeedRepository,
  role: string,
  send: (event: { type: string; alert: unknown; unacknowledged: number }) => void,
  open: () => boolean,
): () => void {
  return hub.listen((event) => {
    if (role !== 'admin' && !(event.recipientRoles ?? []).includes(role)) return; // a malformed event reaches no one
    void (async () => {
      const alert = await alerts.read(role, event.alertId);
      if (alert && open()) {
        send({ type: event.type, alert, unacknowledged: await alerts.countUnacknowledged(role) });
      }
    })().catch(() => undefined);
  });
}
