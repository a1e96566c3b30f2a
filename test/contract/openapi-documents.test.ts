import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isolateTestFile } from '@app/testing';
import { StaffRole } from '@app/auth';
import { breakingChanges } from '../../scripts/sdk/compatibility';
import { isolateDatabase, RunningApp } from '../support/apps';
import {
  fetchDocument,
  OpenApiDocument,
  OpenApiOperation,
  operationsOf,
  startDocumentedDesk,
  startDocumentedIntake,
} from '../support/openapi';
import { createTestPartner } from '../support/pipeline';
import { tokenFor } from '../placement/placement-support';

/**
 * Keeps both OpenAPI documents true (issue 15): served by the apps themselves, equal to the ones the SDK
 * is generated from, clean under Redocly's recommended rules (examples valid against their schemas),
 * every route documented completely, and every request example accepted by the live API with the
 * documented status. Generic: a route another feature adds is held to the same rules.
 */
const root = resolve(__dirname, '../..');

describe('the OpenAPI documents, kept true', () => {
  let intake: RunningApp;
  let desk: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  const docs: Record<'partner' | 'staff', OpenApiDocument> = {} as never;
  const apps: Record<'partner' | 'staff', RunningApp> = {} as never;
  const partnerKeys: string[] = [];

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startDocumentedIntake();
    desk = await startDocumentedDesk();
    apps.partner = intake;
    apps.staff = desk;
    docs.partner = await fetchDocument(intake);
    docs.staff = await fetchDocument(desk);
    // One partner of each kind the adapters admit, so that any partner route finds a partner it serves.
    for (const agency of ['school', 'police', 'health_ae']) {
      partnerKeys.push((await createTestPartner(intake, agency)).key);
    }
  });

  afterAll(async () => {
    await intake?.close();
    await desk?.close();
    await db?.drop();
  });

  it.each(['partner', 'staff'] as const)(
    'the %s document served at /docs-json is the one libs/sdk is generated from',
    (name) => {
      const committed = JSON.parse(readFileSync(join(root, `libs/sdk/openapi/${name}.json`), 'utf8'));
      expect(docs[name]).toEqual(committed);
    },
  );

  it.each(['partner', 'staff'] as const)('the live %s document breaks nothing of its v1 baseline', (name) => {
    const baseline = JSON.parse(readFileSync(join(root, `libs/sdk/openapi/v1/${name}.json`), 'utf8'));
    expect(breakingChanges(baseline, docs[name] as never)).toEqual([]);
  });

  it.each(['partner', 'staff'] as const)(
    "the %s document has no error under Redocly's recommended rules (examples valid against schemas)",
    (name) => {
      const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), `${name}.json`);
      writeFileSync(file, JSON.stringify(docs[name]));
      const run = spawnSync(
        process.execPath,
        [
          require.resolve('@redocly/cli/bin/cli.js'),
          'lint',
          file,
          '--config',
          join(__dirname, 'redocly.yaml'),
          '--format=json',
        ],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      );
      const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
      const errors = (
        report.problems as {
          ruleId: string;
          severity: string;
          message: string;
          location: { pointer: string }[];
        }[]
      )
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    },
  );

  it.each(['partner', 'staff'] as const)('the %s document describes every operation completely', (name) => {
    const faults = operationsOf(docs[name]).flatMap(({ method, path, op }) =>
      incompleteness(op, path).map((f) => `${method.toUpperCase()} ${path}: ${f}`),
    );
    expect(faults).toEqual([]);
  });

  it.each(['partner', 'staff'] as const)('every API route the %s app serves is in its document', (name) => {
    const documented = new Set(
      operationsOf(docs[name]).map(({ method, path }) => `${method.toUpperCase()} ${path}`),
    );
    const served = servedRoutes(apps[name]).filter((r) => /^[A-Z]+ \/(v\d+|health|metrics)(\/|$)/.test(r));
    expect(served.length).toBeGreaterThan(3);
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
  });

  it.each(['partner', 'staff'] as const)(
    'every request example in the %s document is accepted by the live API with the documented status',
    async (name) => {
      const results: string[] = [];
      let replayed = 0;
      for (const { method, path, op } of operationsOf(docs[name])) {
        const media = op.requestBody?.content?.['application/json'];
        const examples = {
          ...(media?.example !== undefined ? { example: { value: media.example } } : {}),
          ...(media?.examples ?? {}),
        };
        for (const [exampleName, { value }] of Object.entries(examples)) {
          const label = `${method.toUpperCase()} ${path} example ${exampleName}`;
          if (path.includes('{')) {
            results.push(`${label}: has path parameters; give this test a fixture for it`);
            continue;
          }
          const expected = Number(Object.keys(op.responses).find((s) => /^2\d\d$/.test(s)));
          const status = await replay(apps[name], method, path, op, value);
          replayed++;
          if (status !== expected) results.push(`${label}: answered ${status}, documented ${expected}`);
        }
      }
      expect(results).toEqual([]);
      expect(replayed).toBeGreaterThan(0);
    },
  );

  /** Sends an example with the credential its operation documents; answers the status. */
  async function replay(app: RunningApp, method: string, path: string, op: OpenApiOperation, body: unknown) {
    const schemes = new Set((op.security ?? []).flatMap((s) => Object.keys(s)));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const p of op.parameters ?? []) {
      if (p.in === 'header' && p.required) headers[p.name] = `example-${randomUUID()}`;
    }
    const request = (authorization?: string) =>
      fetch(`${app.url}${path}`, {
        method: method.toUpperCase(),
        headers: authorization ? { ...headers, authorization } : headers,
        body: JSON.stringify(body),
      });
    // A kept-alive socket the server closed while Redocly ran resets a POST (fetch retries only idempotent
    // requests): send once more on a reset, which is what any client with a connection pool does.
    const send = (authorization?: string) =>
      request(authorization).catch((e: { cause?: { code?: string } }) => {
        if (e.cause?.code !== 'ECONNRESET') throw e;
        return request(authorization);
      });
    if (schemes.has('partnerKey')) {
      // The partner kind is not in the document: the first partner the route does not refuse (403).
      let status = 403;
      for (const key of partnerKeys) {
        status = (await send(`Bearer ${key}`)).status;
        if (status !== 403) break;
      }
      return status;
    }
    if (schemes.has('staffToken')) {
      const role = (op['x-staff-roles'] ?? [])[0] as StaffRole;
      return (await send(`Bearer ${tokenFor(app, role)}`)).status;
    }
    return (await send()).status;
  }
});

/** What a client generator needs of an operation and does not find. */
function incompleteness(op: OpenApiOperation, path: string): string[] {
  const faults: string[] = [];
  if (!op.operationId || !/^[a-z][A-Za-z0-9]+$/.test(op.operationId)) faults.push('no camelCase operationId');
  if (!op.summary) faults.push('no summary');
  if (!Array.isArray(op.security)) faults.push('no security (partnerKey, staffToken, or [] for none)');
  for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
    if (!op.parameters?.some((p) => p.in === 'path' && p.name === name))
      faults.push(`path parameter ${name} undocumented`);
  }
  for (const p of op.parameters ?? []) if (!p.schema) faults.push(`parameter ${p.name} has no schema`);
  if (op.requestBody) {
    const content = Object.values(op.requestBody.content ?? {});
    if (!content.length || content.some((m) => !m.schema)) faults.push('request body without a schema');
  }
  const statuses = Object.keys(op.responses);
  if (!statuses.some((s) => /^2\d\d$/.test(s))) faults.push('no success response');
  if (!statuses.some((s) => /^4\d\d$/.test(s)) && op.security?.length) faults.push('no problem response');
  for (const [status, response] of Object.entries(op.responses)) {
    if (status === '204') continue;
    const content = Object.entries(response.content ?? {});
    if (!content.length) faults.push(`response ${status} has no content`);
    for (const [type, media] of content) {
      if (!media.schema) faults.push(`response ${status} ${type} has no schema`);
      if (
        /^[45]/.test(status) &&
        (type !== 'application/problem+json' ||
          media.schema?.$ref !== '#/components/schemas/ProblemDetailsDto')
      ) {
        faults.push(`response ${status} is not the shared problem details schema`);
      }
    }
  }
  return faults;
}

/** The routes Express serves, as `METHOD /path/{param}`. */
function servedRoutes(app: RunningApp): string[] {
  const express = app.app.getHttpAdapter().getInstance() as {
    router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    _router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  const stack = (express.router ?? express._router)?.stack ?? [];
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`)
      : [],
  );
}
