import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AUTH_POLICY, AuthPolicy, STAFF_ROLES, StaffRole } from '@app/auth';
import { isolateTestFile } from '@app/testing';
import { RunningApp, startDesk } from '../support/apps';
import { ACCESS_POLICY, PUBLIC } from './access-policy';
import { call, login, staffUser } from './desk-harness';

const ID = '00000000-0000-4000-8000-000000000000';
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

interface Route {
  method: string;
  path: string;
}

/** Every route the running app serves, from Express's own router (whatever controllers were added). */
function servedRoutes(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance();
  const stack: { route?: { path: string | string[]; methods: Record<string, boolean> } }[] =
    express.router?.stack ?? express._router?.stack ?? [];
  const routes: Route[] = [];
  for (const layer of stack) {
    // Middleware applied to every route (HTTP metrics: forRoutes('*path')) shows as a catch-all route.
    if (!layer.route || /^\/?(\{\*\w+\}|\*\w*)$/.test(String(layer.route.path))) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths)
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && HTTP_METHODS.has(method.toUpperCase())) routes.push({ method: method.toUpperCase(), path });
  }
  return routes;
}

const normalise = (path: string) => `/${path.split('/').filter(Boolean).join('/')}`;

/** The roles policy (@StaffOnly, @PartnersOrStaff, @Public...) of each controller handler, by route. */
function policies(app: INestApplication): Map<string, AuthPolicy | 'public' | undefined> {
  const out = new Map<string, AuthPolicy | 'public' | undefined>();
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    const { instance, metatype } = wrapper as {
      instance: object | null;
      metatype: (new () => unknown) | null;
    };
    if (!instance || !metatype) continue;
    const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    const prototype = Object.getPrototypeOf(instance);
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === 'constructor') continue;
      const handler = prototype[name];
      const paths = Reflect.getMetadata(PATH_METADATA, handler);
      if (paths === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const policy =
        Reflect.getMetadata(AUTH_POLICY, handler) ?? Reflect.getMetadata(AUTH_POLICY, metatype) ?? undefined;
      for (const b of base)
        for (const p of ([] as string[]).concat(paths))
          out.set(`${method} ${normalise(`${b}/${p}`)}`, policy);
    }
  }
  return out;
}

/** Status of a call, without waiting for a body that may never end (a live stream). */
async function statusOf(desk: RunningApp, token: string | null, method: string, path: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    const res = await fetch(`${desk.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}),
      },
      body: method !== 'GET' && method !== 'HEAD' ? '{}' : undefined,
      signal: controller.signal,
    });
    await res.body?.cancel().catch(() => undefined);
    return res.status;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/**
 * Every route of the running desk app, found in its router (so routes added on any branch are checked without
 * editing this file), held to the access policy written out in access-policy.ts (not to the decorators, which
 * are what is under test): called as nobody, with a bad token and as every role, a role the policy allows
 * gets neither 401, 403 nor a 5xx; any other role gets 403; nobody gets 401.
 */
describe('desk: every route the router serves states its roles, and refuses the rest', () => {
  let desk: RunningApp;
  const users = {} as Record<StaffRole, { username: string; token: string; password: string }>;
  let routes: (Route & { policy: AuthPolicy | 'public' | undefined })[];

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    for (const role of STAFF_ROLES) users[role] = await staffUser(desk, role);
    const byRoute = policies(desk.app);
    routes = servedRoutes(desk.app).map((r) => ({
      ...r,
      policy: byRoute.get(`${r.method} ${normalise(r.path)}`),
    }));
  }, 300_000);
  afterAll(async () => {
    await desk?.close();
  });

  it('finds the routes in the router, each with a policy', () => {
    expect(routes.length).toBeGreaterThan(15);
    for (const path of ['/v1/queue', '/v1/audit', '/v1/criteria/evaluate'])
      expect(routes.map((r) => r.path)).toContain(path);
    expect(routes.filter((r) => r.policy === undefined)).toEqual([]);
  });

  it('serves exactly the routes the access policy lists, public only where it says so', () => {
    const served = routes.map((r) => `${r.method} ${r.path}`);
    expect(served.filter((r) => !(r in ACCESS_POLICY))).toEqual([]);
    expect(Object.keys(ACCESS_POLICY).filter((r) => !served.includes(r))).toEqual([]);
    const publicByDecorator = routes.filter((r) => r.policy === 'public').map((r) => `${r.method} ${r.path}`);
    expect(publicByDecorator.sort()).toEqual(served.filter((r) => ACCESS_POLICY[r] === PUBLIC).sort());
  });

  it('each role is allowed or refused exactly as each route policy says', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const allowedRoles = ACCESS_POLICY[`${route.method} ${route.path}`];
      if (allowedRoles === PUBLIC || allowedRoles === undefined) continue;
      const path = route.path.replace(/:[A-Za-z0-9_]+/g, ID);
      const name = `${route.method} ${route.path}`;
      const anonymous = await statusOf(desk, null, route.method, path);
      if (anonymous !== 401) wrong.push(`${name} as nobody: ${anonymous}`);
      const forged = await statusOf(desk, 'not-a-token', route.method, path);
      if (forged !== 401) wrong.push(`${name} with a bad token: ${forged}`);
      for (const role of STAFF_ROLES) {
        // A logout ends the token it is called with: use a fresh one.
        const token = path.endsWith('/logout')
          ? await login(desk, users[role].username, users[role].password)
          : users[role].token;
        const status = await statusOf(desk, token, route.method, path);
        const allowed = allowedRoles.includes(role);
        if (allowed && (status === 401 || status === 403 || status >= 500))
          wrong.push(`${name} as ${role} (allowed): ${status}`);
        if (!allowed && status !== 403) wrong.push(`${name} as ${role} (refused): ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('the login endpoint and the web UI are public', async () => {
    expect((await call(desk, null, 'POST', '/v1/auth/login', { username: 'x', password: 'y' })).status).toBe(
      401,
    );
    const page = await fetch(`${desk.url}/login.html`);
    expect(page.status).toBe(200);
  });
});
