/**
 * Who may call each route of the desk (the staff API on 3001), written out by hand as the county's access
 * policy: the oracle the roles test holds the running app to. It is deliberately not read from the
 * controllers' decorators, so a role added to (or dropped from) a route, or a new route, fails the test
 * until this table says so too. PUBLIC routes authenticate otherwise (login; live streams take a one-use
 * ticket; /metrics and readiness details take the operations token) or serve no record.
 */
export const PUBLIC = 'public' as const;

const EVERY_ROLE = ['duty_worker', 'duty_manager', 'social_worker', 'manager', 'head_of_service', 'admin'];
/** Children's records: the duty desk and the managers above it (not administrators, not social workers). */
const DUTY_STAFF = ['duty_worker', 'duty_manager', 'manager', 'head_of_service'];
/** Who works the queue. */
const DUTY_DESK = ['duty_worker', 'duty_manager'];
/** Aggregate figures: managers, and administrators (no child's details in them). */
const MANAGERS_AND_ADMIN = ['duty_manager', 'manager', 'head_of_service', 'admin'];
/** Who chairs the placement panel and downloads the statutory returns. */
const PANEL_CHAIRS = ['manager', 'head_of_service'];
/** Managers who see which partners sent what. */
const MANAGERS = ['duty_manager', 'manager', 'head_of_service'];
/** Placement requests: social workers (their own), the panel and the duty manager. */
const PLACEMENT_READERS = ['social_worker', ...MANAGERS];

export const ACCESS_POLICY: Record<string, readonly string[] | typeof PUBLIC> = {
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /metrics': PUBLIC,
  'POST /v1/placement-requests': ['social_worker', 'manager'],
  'GET /v1/placement-requests': PLACEMENT_READERS,
  'GET /v1/placement-requests/:id': PLACEMENT_READERS,
  'GET /v1/placement-requests/:id/timeline': PLACEMENT_READERS,
  'POST /v1/placement-requests/:id/panel-decisions': PANEL_CHAIRS,
  'POST /v1/placement-requests/:id/panel-actions/:actionId/done': [...DUTY_STAFF, 'social_worker'],
  'PATCH /v1/placement-requests/:id/evidence': ['social_worker', ...PANEL_CHAIRS],
  'POST /v1/placement-requests/:id/outcome': ['social_worker', ...PANEL_CHAIRS],
  'GET /v1/placement-panel': PANEL_CHAIRS,
  'GET /v1/insights/placements': MANAGERS_AND_ADMIN,
  'GET /v1/insights/placements.csv': MANAGERS_AND_ADMIN,
  'GET /v1/alerts': EVERY_ROLE,
  'GET /v1/alerts/stream': PUBLIC,
  'GET /v1/alerts/:id': EVERY_ROLE,
  'POST /v1/alerts/:id/acknowledge': MANAGERS_AND_ADMIN,
  'POST /v1/auth/login': PUBLIC,
  'POST /v1/auth/logout': EVERY_ROLE,
  'GET /v1/auth/me': EVERY_ROLE,
  'GET /v1/queue': DUTY_STAFF,
  'POST /v1/queue/claim-next': DUTY_DESK,
  'GET /v1/queue/:contactId': DUTY_STAFF,
  'POST /v1/queue/:contactId/claim': DUTY_DESK,
  'POST /v1/queue/:contactId/release': DUTY_DESK,
  'POST /v1/queue/:contactId/confirm': DUTY_DESK,
  'POST /v1/queue/:contactId/override': DUTY_DESK,
  'POST /v1/queue/:contactId/notes': DUTY_DESK,
  'POST /v1/queue/:contactId/close': DUTY_DESK,
  'GET /v1/queue/:contactId/referral-preview': DUTY_STAFF,
  'GET /v1/children/:childId/referrals': DUTY_STAFF,
  'POST /v1/referrals/:referralId/close': DUTY_DESK,
  'PUT /v1/children/:childId/characteristics': DUTY_DESK,
  'GET /v1/audit': ['admin'],
  'GET /v1/audit/verify': ['admin'],
  'POST /v1/criteria/evaluate': ['duty_manager', 'admin'],
  'GET /v1/children/:childId': DUTY_STAFF,
  'POST /v1/children/:childId/possible-matches/:contactId/confirm': DUTY_DESK,
  'POST /v1/children/:childId/possible-matches/:contactId/reject': DUTY_DESK,
  'GET /v1/events': DUTY_STAFF,
  'GET /v1/insights/daily': MANAGERS_AND_ADMIN,
  'GET /v1/insights/spikes': MANAGERS_AND_ADMIN,
  'GET /v1/insights/summary': MANAGERS_AND_ADMIN,
  'GET /v1/insights/daily.csv': MANAGERS_AND_ADMIN,
  'GET /v1/insights/partners': MANAGERS,
  'GET /v1/insights/spikes/:date/explanation': MANAGERS_AND_ADMIN,
  'GET /v1/insights/spikes/:date/contacts': MANAGERS,
  'GET /v1/returns/annex-a': PANEL_CHAIRS,
  'GET /v1/returns/cin-census': PANEL_CHAIRS,
  'GET /v1/returns/cin-census/report': PANEL_CHAIRS,
  'POST /v1/live/tickets': EVERY_ROLE,
  'GET /v1/live': PUBLIC,
};
