import { useEffect, useRef } from 'react';

/** What the desk's one live stream (GET /v1/live) tells the app. */
export type LiveEvent =
  | {
      type: 'queue';
      change: 'new' | 'claimed' | 'released' | 'decided' | 'closed';
      contactId: string;
      by?: string;
    }
  | { type: 'raised'; contactId: string }
  | { type: 'alert'; id: string; kind: string };

/** Calls `onEvent` for each live event while the component is mounted (the stream itself: live-stream.ts). */
export function useLive(onEvent: (e: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const listener = (ev: Event) => handler.current((ev as CustomEvent<LiveEvent>).detail);
    window.addEventListener('desk-live', listener);
    return () => window.removeEventListener('desk-live', listener);
  }, []);
}
