import { ApiError, send } from './api';
import { emitLive } from './live';

const RETRY_MS = 3000;
/** The desk's Retry-After when a user's three streams are open already (live.controller.ts). */
const FULL_RETRY_MS = 5000;

/**
 * Opens the tab's one live stream: a single-use ticket bought with the bearer token (POST /v1/live/tickets),
 * then an EventSource on /v1/live?ticket=…, so the token never travels in a URL. The ticket cannot be used
 * twice, so the browser's own reconnect would fail: on any error the stream is closed and a new ticket
 * bought. Each event goes to the pages as a `desk-live` window event (live.ts). Returns the function that
 * closes it (on sign-out).
 */
export function openLiveStream(): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let wasDown = false;

  const down = (after = RETRY_MS) => {
    source?.close();
    source = null;
    if (stopped) return;
    wasDown = true;
    emitLive({ type: 'down' });
    retry = setTimeout(connect, after);
  };

  const on = (name: string, handle: (data: any) => void) =>
    source?.addEventListener(name, (e) => {
      try {
        handle(JSON.parse((e as MessageEvent<string>).data));
      } catch {
        // An unreadable event is dropped; the next re-read corrects the page.
      }
    });

  async function connect() {
    if (stopped) return;
    let ticket: string;
    try {
      ticket = (await send<{ ticket: string }>('POST', '/v1/live/tickets')).ticket;
    } catch (e) {
      return down(e instanceof ApiError && e.status === 429 ? FULL_RETRY_MS : RETRY_MS);
    }
    if (stopped) return;
    source = new EventSource(`/v1/live?ticket=${encodeURIComponent(ticket)}`);
    source.addEventListener('error', () => down());
    // The first event says the server is listening for this worker: the stream is live from here.
    const opened = () => {
      emitLive({ type: 'open', reconnected: wasDown });
      wasDown = false;
    };
    on('ready', opened);
    on('feed', (d) => {
      opened();
      emitLive({ type: 'feed', unacknowledged: d.unacknowledged });
    });
    on('queue', (d) => emitLive({ type: 'queue', change: d.type, contactId: d.contactId, by: d.by }));
    on('held-raised', (d) => emitLive({ ...d, type: 'held-raised' }));
    on('alert', (d) =>
      emitLive({
        type: 'alert',
        change: d.type,
        id: d.alert.id,
        kind: d.alert.kind,
        alert: d.alert,
        unacknowledged: d.unacknowledged,
      }),
    );
  }

  void connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}
