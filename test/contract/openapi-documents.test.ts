import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { isolateTestFile } from '@app/testing';
import { StaffRole } from '@app/auth';
import { QueryPipe } from '../../apps/desk/src/request-input/validate-input';
import { breakingChanges, V1_CORRECTIONS } from '../../scripts/sdk/compatibility';
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

  it.each(['partner', 'staff'] as const)(
    'every query parameter the %s document declares is validated by the DTO class that documents it',
    (name) => {
      const readers = queryReaders(apps[name]);
      const faults: string[] = [];
      for (const { method, path, op } of operationsOf(docs[name])) {
        const at = `${method.toUpperCase()} ${path}`;
        const declared = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const reader = readers.get(op.operationId ?? '');
        if (!reader) {
          if (declared.length) faults.push(`${at}: no handler found for ${op.operationId}`);
          continue;
        }
        for (const raw of reader.raw) {
          if (!(`${op.operationId} ${raw}` in READ_BY_HAND))
            faults.push(`${at}: reads query ${raw} without a validating DTO (@ValidQuery)`);
        }
        const validated = new Set(reader.dtos.flatMap(validatedProperties));
        for (const q of declared) {
          if (!validated.has(q) && !(`${op.operationId} ${q}` in READ_BY_HAND))
            faults.push(`${at}: query parameter ${q} is declared but no @ValidQuery DTO validates it`);
        }
        for (const v of validated) {
          if (!declared.includes(v))
            faults.push(`${at}: validates query parameter ${v} but does not declare it`);
        }
        if (reader.dtos.length && !op.responses['400'])
          faults.push(`${at}: validates its query but documents no 400`);
      }
      expect(readers.size).toBeGreaterThan(3);
      expect(faults).toEqual([]);
    },
  );

  it('every validated query parameter of the staff document refuses what its schema refuses: a 400 naming it, not echoing it', async () => {
    const faults: string[] = [];
    let probes = 0;
    for (const { method, path, op } of operationsOf(docs.staff)) {
      const params = (op.parameters ?? []).filter((p) => p.in === 'query');
      if (!params.length || !op.responses['400']) continue;
      const valid: Record<string, string> = {};
      for (const p of params) if (p.required) valid[p.name] = validValue(p.schema as ParamSchema);
      // [the parameter the problem must name, the query sent, the bad value it must not echo]
      const cases: [string, Record<string, string>, string?][] = [
        ['colour', { ...valid, colour: 'mauve_zq' }, 'mauve_zq'],
      ];
      for (const p of params) {
        const bad = badValue(p.schema as ParamSchema);
        if (bad !== undefined) cases.push([p.name, { ...valid, [p.name]: bad }, bad]);
        if (p.required) {
          const { [p.name]: _, ...without } = valid;
          cases.push([p.name, without]);
        }
      }
      const url = path.replace(/\{(\w+)\}/g, (_, n: string) => {
        const p = (op.parameters ?? []).find((x) => x.in === 'path' && x.name === n);
        return String((p?.schema as ParamSchema | undefined)?.example ?? randomUUID());
      });
      const role = (op['x-staff-roles'] ?? [])[0] as StaffRole;
      for (const [param, query, bad] of cases) {
        probes++;
        const at = `${method.toUpperCase()} ${url}?${new URLSearchParams(query)}`;
        const res = await onceMoreOnReset(() =>
          fetch(`${desk.url}${url}?${new URLSearchParams(query)}`, {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${tokenFor(desk, role)}` },
          }),
        );
        const text = await res.text();
        const errors: { path: string }[] = res.status === 400 ? (JSON.parse(text).errors ?? []) : [];
        const named = errors.some((e) => e.path === `query:${param}`);
        if (!named) faults.push(`${at}: ${res.status} ${text.slice(0, 200)}`);
        if (bad && text.includes(bad)) faults.push(`${at}: the problem echoes the value`);
      }
    }
    expect(faults).toEqual([]);
    expect(probes).toBeGreaterThan(30);
  });

  it.each(V1_CORRECTIONS.map((c) => [c.fault, c] as const))(
    'the v1 correction "%s" is one: the live API refuses the request without it',
    async (_, correction) => {
      const op = docs.staff.paths[correction.path][correction.method];
      const media = op.requestBody?.content?.['application/json'];
      const example = structuredClone(media?.example ?? Object.values(media?.examples ?? {})[0]?.value ?? {});
      let body: string | undefined;
      if (correction.without !== null) {
        const keys = correction.without.split('.');
        let at = example as Record<string, unknown>;
        for (const k of keys.slice(0, -1)) {
          if (at[k] === null || typeof at[k] !== 'object') at[k] = {};
          at = at[k] as Record<string, unknown>;
        }
        delete at[keys[keys.length - 1]];
        body = JSON.stringify(example);
      }
      const role = (op['x-staff-roles'] ?? [])[0] as StaffRole;
      const res = await onceMoreOnReset(() =>
        fetch(`${desk.url}${correction.path.replace(/\{\w+\}/g, () => randomUUID())}`, {
          method: correction.method.toUpperCase(),
          headers: { authorization: `Bearer ${tokenFor(desk, role)}`, 'content-type': 'application/json' },
          body,
        }),
      );
      expect([400, 422]).toContain(res.status);
      expect(((await res.json()) as any).errors.map((e: any) => e.path)).toContain(correction.names);
    },
  );

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
    const send = (authorization?: string) => onceMoreOnReset(() => request(authorization));
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

/**
 * A kept-alive socket the server closed while Redocly ran resets the next request: send once more on a
 * reset, which is what any client with a connection pool does.
 */
const onceMoreOnReset = (request: () => Promise<Response>) =>
  request().catch((e: { cause?: { code?: string } }) => {
    if (e.cause?.code !== 'ECONNRESET') throw e;
    return request();
  });

/**
 * Query parameters read by hand on purpose, each with why. `openLiveStream`'s ticket is its credential
 * (an EventSource cannot send a header): every fault with it, and any other parameter, is a 401.
 */
const READ_BY_HAND: Record<string, string> = {
  'openLiveStream ticket': "the stream's credential: a missing, unknown or malformed ticket is a 401",
};

/** For each operation id, the DTO classes its handler's query pipes validate with, and what it reads raw. */
function queryReaders(app: RunningApp): Map<string, { dtos: ClassConstructor<object>[]; raw: string[] }> {
  const readers = new Map<string, { dtos: ClassConstructor<object>[]; raw: string[] }>();
  for (const module of app.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const proto = (metatype as ClassConstructor<object> | undefined)?.prototype;
      if (!proto) continue;
      for (const method of Object.getOwnPropertyNames(proto)) {
        const handler = Object.getOwnPropertyDescriptor(proto, method)?.value;
        const operationId =
          typeof handler === 'function' &&
          Reflect.getMetadata(DECORATORS.API_OPERATION, handler)?.operationId;
        if (!operationId) continue;
        const args: Record<string, { data?: string; pipes?: unknown[] }> =
          Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype as ClassConstructor<object>, method) ?? {};
        const reader = { dtos: [] as ClassConstructor<object>[], raw: [] as string[] };
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
          const pipe = (arg.pipes ?? []).find((p): p is QueryPipe<object> => p instanceof QueryPipe);
          if (pipe && arg.data === undefined) reader.dtos.push(pipe.dto);
          else reader.raw.push(arg.data ?? '(the whole query)');
        }
        readers.set(operationId, reader);
      }
    }
  }
  return readers;
}

/** The properties class-validator checks on a DTO class (the parameters its @ValidQuery admits). */
const validatedProperties = (dto: ClassConstructor<object>): string[] => [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((m) => m.propertyName),
  ),
];

type ParamSchema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  example?: unknown;
  default?: unknown;
};

/** A value a parameter's schema accepts: its example, default or first enum value, else one of its type. */
function validValue(s: ParamSchema): string {
  const v = s.example ?? s.default ?? s.enum?.[0];
  if (v !== undefined) return String(v);
  if (s.format === 'date') return '2026-01-01';
  if (s.format === 'uuid') return randomUUID();
  if (s.type === 'integer') return String(s.minimum ?? 1);
  return 'any';
}

/** A value a parameter's schema refuses (none for free text). */
function badValue(s: ParamSchema): string | undefined {
  if (s.format === 'date') return '2026-02-30';
  if (s.format === 'uuid') return 'not-a-uuid-zq';
  if (s.enum) return 'NOT_LISTED_zq';
  if (s.type === 'integer') return s.maximum !== undefined ? String(s.maximum + 1) : '1.5';
  if (s.type === 'boolean') return 'maybe_zq';
  return undefined;
}

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
