// Drives the live apps through clients OpenAPI Generator's typescript-fetch generated from /docs-json.
// Copied beside the generated ./partner and ./staff by test/contract/generated-client.test.ts and
// compiled with `tsc --strict` there (this folder is outside the project's own type check and lint,
// since the generated code it imports exists only in that run).
import * as P from './partner';
import * as S from './staff';

/** A problem answered as a thrown ResponseError: its status and RFC 9457 body. */
async function problemOf(
  call: () => Promise<unknown>,
): Promise<{ status: number; body: P.ProblemDetailsDto }> {
  try {
    await call();
  } catch (e) {
    if (e instanceof P.ResponseError || e instanceof S.ResponseError) {
      return { status: e.response.status, body: P.ProblemDetailsDtoFromJSON(await e.response.json()) };
    }
    throw e;
  }
  throw new Error('expected a problem, got a success');
}

export async function partnerFlows(baseUrl: string, apiKey: string, contactJson: object, key: string) {
  const config = new P.Configuration({ basePath: baseUrl, accessToken: apiKey });
  const contacts = new P.ContactsApi(config);
  const contactDto: P.ContactDto = P.ContactDtoFromJSON(contactJson);
  const first: P.ContactReceived = await contacts.submitContact({ idempotencyKey: key, contactDto });
  const replayed: P.ContactReceived = await contacts.submitContact({ idempotencyKey: key, contactDto });
  const changed: P.ContactDto = {
    ...contactDto,
    concerns: { ...contactDto.concerns, summary: 'Another body.' },
  };
  const conflict = await problemOf(() =>
    contacts.submitContact({ idempotencyKey: key, contactDto: changed }),
  );
  const broken: P.ContactDto = { ...contactDto, child: { ...contactDto.child, nhsNumber: '9434765918' } };
  const rule = await problemOf(() =>
    contacts.submitContact({ idempotencyKey: `${key}-rule`, contactDto: broken }),
  );
  const read: P.ContactReadView = await contacts.readContact({ id: first.id });
  return {
    first,
    replayed,
    conflict,
    rule,
    read: { id: read.id, status: read.status, receivedAt: read.receivedAt.toISOString() },
  };
}

export async function policeFlow(baseUrl: string, apiKey: string, notificationJson: object, key: string) {
  const api = new P.AdaptersPoliceApi(new P.Configuration({ basePath: baseUrl, accessToken: apiKey }));
  const policeNotificationDto = P.PoliceNotificationDtoFromJSON(notificationJson);
  const accepted: P.AdapterAccepted = await api.submitPoliceNotification({
    idempotencyKey: key,
    policeNotificationDto,
  });
  return accepted.contacts.map((c) => c.id);
}

export async function staffFlows(
  baseUrl: string,
  username: string,
  password: string,
  contactId: string,
  childId: string,
) {
  const session: S.LoginResult = await new S.AuthApi(new S.Configuration({ basePath: baseUrl })).logIn({
    loginBody: { username, password },
  });
  const config = new S.Configuration({ basePath: baseUrl, accessToken: session.accessToken });
  const queue = new S.QueueApi(config);
  const page: S.QueuePage = await queue.listQueue({ limit: 500 });
  const claimed: S.DeskItem = await queue.claimItem({ contactId });
  const confirmed: S.DutyDecisionRecorded = await queue.confirmDecision({
    contactId,
    confirmBody: { note: 'Agree with the recommendation' },
  });
  const closed = await queue.closeItem({
    contactId,
    closeBody: { outcome: S.CloseBodyOutcomeEnum.EarlyHelp, cinNoFurtherAction: false },
  });
  const child: S.ChildView = await new S.ChildrenApi(config).readChild({ childId });
  const wrong = await problemOf(() =>
    new S.AuthApi(new S.Configuration({ basePath: baseUrl })).logIn({
      loginBody: { username, password: 'wrong-password' },
    }),
  );
  return {
    role: session.role,
    queued: page.items.map((i) => i.contactId),
    claimedBy: claimed.claimedBy,
    confirmed: confirmed.state,
    closed: closed.state,
    childContacts: child.contacts.map((c) => c.id),
    wrong,
  };
}

/** A staff client, logged in through the generated AuthApi. */
async function staffConfig(baseUrl: string, username: string, password: string) {
  const session = await new S.AuthApi(new S.Configuration({ basePath: baseUrl })).logIn({
    loginBody: { username, password },
  });
  return new S.Configuration({ basePath: baseUrl, accessToken: session.accessToken });
}

export async function overrideFlow(baseUrl: string, username: string, password: string, contactId: string) {
  const queue = new S.QueueApi(await staffConfig(baseUrl, username, password));
  await queue.claimItem({ contactId });
  const tooShort = await problemOf(() =>
    queue.overrideDecision({ contactId, overrideBody: { needLevel: 3, reason: 'no' } }),
  );
  const overridden: S.DutyDecisionRecorded = await queue.overrideDecision({
    contactId,
    overrideBody: { needLevel: 3, reason: 'Sibling already open to the assessment team' },
  });
  return { state: overridden.state, needLevel: overridden.needLevel, tooShort };
}

export async function placementFlows(
  baseUrl: string,
  socialWorker: string,
  dutyManager: string,
  password: string,
  clearedJson: object,
  heldJson: object,
) {
  const requests = new S.PlacementRequestsApi(await staffConfig(baseUrl, socialWorker, password));
  const created: S.PlacementRequestAnswer = await requests.createPlacementRequest({
    placementRequestBody: S.PlacementRequestBodyFromJSON(clearedJson),
  });
  const read: S.PlacementRequestAnswer = await requests.readPlacementRequest({ id: created.id });
  const held: S.PlacementRequestAnswer = await requests.createPlacementRequest({
    placementRequestBody: S.PlacementRequestBodyFromJSON(heldJson),
  });
  const alerts = new S.AlertsApi(await staffConfig(baseUrl, dutyManager, password));
  const alertId = held.alerts[0].id;
  const acknowledged: S.Alert = await alerts.acknowledgeAlert({
    id: alertId,
    acknowledgeBody: { note: 'Spoke to the placing social worker' },
  });
  const feed: S.AlertFeed = await alerts.listAlerts({ limit: 100 });
  return {
    created: { id: created.id, childId: created.childId, outcome: created.gatekeeping.outcome },
    readOutcome: read.gatekeeping.outcome,
    heldOutcome: held.gatekeeping.outcome,
    acknowledgedBy: acknowledged.acknowledgedBy,
    inFeed: feed.items.some((a) => a.id === alertId),
  };
}

export async function insightsAndCriteria(
  baseUrl: string,
  manager: string,
  dutyManager: string,
  password: string,
  contactJson: object,
) {
  const insights = new S.InsightsApi(await staffConfig(baseUrl, manager, password));
  const range = { from: new Date('2026-01-01'), to: new Date('2026-01-31') };
  const daily: S.DailyCounts = await insights.readDailyCounts(range);
  const spikes: S.Spikes = await insights.readSpikes(range);
  const summary: S.InsightsSummary = await insights.readSummary(range);
  const backwards = await problemOf(() =>
    insights.readDailyCounts({ from: new Date('2026-02-01'), to: new Date('2026-01-01') }),
  );
  const criteria = new S.CriteriaApi(await staffConfig(baseUrl, dutyManager, password));
  const evaluated: S.EvaluateCriteriaResult = await criteria.evaluateCriteria({
    evaluateCriteriaBody: {
      at: new Date(),
      contact: S.ContactDtoFromJSON(contactJson),
    },
  });
  return {
    series: Object.keys(daily.series),
    spikes: spikes.spikes.length,
    summary: {
      from: new Date(summary.from).toISOString().slice(0, 10),
      total: summary.total,
      queueDepth: summary.queue.depth,
    },
    backwards,
    needLevel: evaluated.decision.needLevel,
  };
}
