import { lazy, Suspense, useEffect } from 'react';
import { Layout } from './components/Layout';
import { openLiveStream } from './live-stream';
import { Alerts } from './pages/Alerts';
import { Child } from './pages/Child';
import { Item } from './pages/Item';
import { Login } from './pages/Login';
import { Queue } from './pages/Queue';
import { PlacementList } from './pages/placement/PlacementList';
import { PlacementNew } from './pages/placement/PlacementNew';
import { PlacementPanel } from './pages/placement/PlacementPanel';
import { PlacementRequest } from './pages/placement/PlacementRequest';
import { navigate, parseRoute, useRoute } from './router';
import { token } from './session';

// The managers' pages (and chart.js) load only when opened: the duty queue stays small.
const Dashboard = lazy(() => import('./pages/Dashboard').then((m) => ({ default: m.Dashboard })));
const Sufficiency = lazy(() => import('./pages/Sufficiency').then((m) => ({ default: m.Sufficiency })));

const TITLES: Record<string, string> = {
  login: 'Sign in',
  queue: 'Duty queue',
  item: 'Item',
  placements: 'Placement requests',
  'placement-new': 'Raise a placement request',
  'placement-panel': "The placement panel's list",
  placement: 'Placement request',
  dashboard: 'Demand dashboard',
  sufficiency: 'Placement sufficiency',
  child: "Child's record",
  alerts: 'Alerts',
  'not-found': 'Page not found',
};

export function App() {
  const route = useRoute();
  const signedIn = Boolean(token());
  useEffect(() => {
    document.title = `${TITLES[route.page]}: duty desk`;
    // Read the address now, not the render's route: an effect may run again after the first redirect.
    if (!signedIn && parseRoute(location.pathname, location.search).page !== 'login')
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
  }, [route, signedIn]);
  // The tab's one live stream, open while a worker is signed in.
  useEffect(() => (signedIn ? openLiveStream() : undefined), [signedIn]);

  if (route.page === 'login') return <Login next={route.next} />;
  if (!signedIn) return null;
  switch (route.page) {
    case 'queue':
      return <Queue />;
    case 'item':
      return <Item key={route.contactId} contactId={route.contactId} />;
    case 'placements':
      return <PlacementList />;
    case 'placement-new':
      return <PlacementNew childId={route.childId} />;
    case 'placement-panel':
      return <PlacementPanel />;
    case 'placement':
      return <PlacementRequest key={route.id} id={route.id} />;
    case 'dashboard':
      return (
        <Suspense fallback={null}>
          <Dashboard />
        </Suspense>
      );
    case 'sufficiency':
      return (
        <Suspense fallback={null}>
          <Sufficiency />
        </Suspense>
      );
    case 'child':
      return <Child key={route.childId} childId={route.childId} />;
    case 'alerts':
      return <Alerts />;
    default:
      return (
        <Layout>
          <h1 className="govuk-heading-l">Page not found</h1>
          <p className="govuk-body">
            <a className="govuk-link" href="/">
              Go to the duty queue
            </a>
          </p>
        </Layout>
      );
  }
}
