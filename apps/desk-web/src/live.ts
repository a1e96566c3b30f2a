import { useEffect, useRef, useState } from 'react';
import type { Alert } from './api/alerts';

/** What the desk's one live stream (GET /v1/live, opened by live-stream.ts) tells the app. */
export type LiveEvent =
  | {
      type: 'queue';
      /** `triaged`: an item arrived on the desk or was re-triaged. */
      change: 'triaged' | 'claimed' | 'released' | 'decided' | 'closed';
      contactId: string;
      by?: string;
    }
  | {
      type: 'held-raised';
      contactId: string;
      childId: string;
      needLevel: number;
      priority: string;
      dueAt: string;
    }
  | {
      type: 'alert';
      /** alert.delivered, alert.acknowledged, delivery.updated or alert.resolved */
      change: string;
      id: string;
      kind: string;
      alert: Alert;
      unacknowledged: number;
    }
  | { type: 'feed'; unacknowledged: number }
  /** The stream is open (again: `reconnected`, so a page reads what it may have missed). */
  | { type: 'open'; reconnected: boolean }
  | { type: 'down' };

export type LiveState = 'connecting' | 'live' | 'reconnecting';

let state: LiveState = 'connecting';

/** Tells every page of this tab; used by live-stream.ts only. */
export function emitLive(event: LiveEvent): void {
  if (event.type === 'open') state = 'live';
  if (event.type === 'down') state = 'reconnecting';
  // Said on the page too, for the browser tests (and anyone inspecting it) to see when the stream is open.
  document.documentElement.dataset.live = state;
  window.dispatchEvent(new CustomEvent<LiveEvent>('desk-live', { detail: event }));
}

/** Calls `onEvent` for each live event while the component is mounted. */
export function useLive(onEvent: (e: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const listener = (ev: Event) => handler.current((ev as CustomEvent<LiveEvent>).detail);
    window.addEventListener('desk-live', listener);
    return () => window.removeEventListener('desk-live', listener);
  }, []);
}

/** Whether the live stream is open now, for a page that says so. */
export function useLiveState(): LiveState {
  const [now, setNow] = useState(state);
  useLive(() => setNow(state));
  return now;
}
