import { useEffect, useState } from 'react';
import { UUID_TEXT } from '@app/contracts/uuid';

/**
 * The app's pages by path. The old page names (index.html, login.html, child.html?id=, alerts.html) still lead
 * to their new pages.
 */
export type Route =
  | { page: 'login'; next: string | null }
  | { page: 'queue' }
  | { page: 'item'; contactId: string }
  | { page: 'placements' }
  | { page: 'placement-new'; childId: string | null }
  | { page: 'placement-panel' }
  | { page: 'placement'; id: string }
  | { page: 'dashboard' }
  | { page: 'sufficiency' }
  | { page: 'child'; childId: string | null }
  | { page: 'alerts' }
  | { page: 'not-found' };

const ITEM_PATH = new RegExp(`^/items/(${UUID_TEXT})$`, 'i');
const CHILD_PATH = new RegExp(`^/children(?:/(${UUID_TEXT}))?$`, 'i');
const PLACEMENT_PATH = new RegExp(`^/placements(?:/(new|panel|${UUID_TEXT}))?$`, 'i');

export function parseRoute(pathname: string, search: string): Route {
  const q = new URLSearchParams(search);
  if (pathname === '/login' || pathname === '/login.html') return { page: 'login', next: q.get('next') };
  if (pathname === '/' || pathname === '/index.html') return { page: 'queue' };
  if (pathname === '/dashboard' || pathname === '/dashboard.html') return { page: 'dashboard' };
  if (pathname === '/sufficiency') return { page: 'sufficiency' };
  const m = ITEM_PATH.exec(pathname);
  if (m) return { page: 'item', contactId: m[1] };
  // The placement pages; the older page's addresses (placement.html?request=, ?childId=) lead to them.
  const p = PLACEMENT_PATH.exec(pathname);
  if (pathname === '/placement.html' && q.get('request')) return { page: 'placement', id: q.get('request')! };
  if (pathname === '/placement.html' && q.get('childId'))
    return { page: 'placement-new', childId: q.get('childId') };
  if (pathname === '/placement.html' || (p && !p[1])) return { page: 'placements' };
  if (p?.[1] === 'new') return { page: 'placement-new', childId: q.get('childId') };
  if (p?.[1] === 'panel') return { page: 'placement-panel' };
  if (p) return { page: 'placement', id: p[1] };
  const child = CHILD_PATH.exec(pathname);
  if (child) return { page: 'child', childId: child[1] ?? null };
  if (pathname === '/child.html') return { page: 'child', childId: q.get('id') };
  if (pathname === '/alerts' || pathname === '/alerts.html') return { page: 'alerts' };
  return { page: 'not-found' };
}

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const read = () => parseRoute(location.pathname, location.search);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** Links inside the app move without a page load; others (the older pages) load as usual. */
export function onLinkClick(ev: React.MouseEvent<HTMLAnchorElement>): void {
  const href = ev.currentTarget.getAttribute('href');
  if (!href || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
  const url = new URL(href, location.href);
  if (url.origin !== location.origin || parseRoute(url.pathname, url.search).page === 'not-found') return;
  ev.preventDefault();
  navigate(url.pathname + url.search);
}
