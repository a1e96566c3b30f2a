/**
 * What a change to a v1 document breaks for a client built on the v1 baseline (README "Versioning"):
 * a removed path, operation or success response; a removed or no-longer-required response property; a
 * type changed; a request made narrower (a new required property or parameter, an enum value removed).
 * Additive changes (new paths, optional request fields, new response fields, new enum values in requests)
 * are allowed within v1, and so are the corrections listed in V1_CORRECTIONS, each by name.
 */
type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  nullable?: boolean;
};
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};
type Operation = {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** A field the v1 document called optional though the live API has always refused a request without it. */
export interface V1Correction {
  /** The fault breakingChanges reports, excused. */
  fault: string;
  method: string;
  path: string;
  /** The refusal that proves it: the request without this body field (null: without a body) is refused
   *  with a problem naming `names`. */
  without: string | null;
  names: string;
  reason: string;
}

/**
 * Corrections, not narrowings: documenting as required what the service has always refused to do
 * without changes nothing a working v1 client sends. Only these are excused, each by its exact fault;
 * test/contract/openapi-documents.test.ts sends each request without the field and expects the refusal.
 */
export const V1_CORRECTIONS: readonly V1Correction[] = [
  {
    fault: 'POST /v1/alerts/{id}/acknowledge: request body newly required',
    method: 'post',
    path: '/v1/alerts/{id}/acknowledge',
    without: null,
    names: 'note',
    reason:
      'An acknowledgement without a body has always been refused (422 naming note): the note is what ' +
      'the acknowledgement records (placement-gatekeeping.md: who, when, a note)',
  },
  {
    fault: 'POST /v1/alerts/{id}/acknowledge body.note: newly required in the request',
    method: 'post',
    path: '/v1/alerts/{id}/acknowledge',
    without: 'note',
    names: 'note',
    reason: 'An acknowledgement without a note has always been refused (422 naming note)',
  },
  {
    fault: 'POST /v1/criteria/evaluate body.openCase.team: newly required in the request',
    method: 'post',
    path: '/v1/criteria/evaluate',
    without: 'openCase.team',
    names: 'openCase.team',
    reason:
      'An open case without its team has always been refused (422 naming openCase.team): the criteria ' +
      'route a child with an open case to the team holding it',
  },
];

function resolve(doc: Doc, schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s && i < 10; i++) {
    if (s.$ref) s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')];
    else if (s.allOf?.length === 1 && !s.properties) s = { ...s.allOf[0], nullable: s.nullable };
    else break;
  }
  return s;
}

/** What `current` breaks of `baseline`, less the listed corrections. */
export function breakingChanges(
  baseline: Doc,
  current: Doc,
  corrections: readonly V1Correction[] = V1_CORRECTIONS,
): string[] {
  const excused = new Set(corrections.map((c) => c.fault));
  return everyBreakingChange(baseline, current).filter((f) => !excused.has(f));
}

function everyBreakingChange(baseline: Doc, current: Doc): string[] {
  const faults: string[] = [];
  const seen = new Set<string>();

  /** side 'request': the client sends it (the API must not demand more); 'response': the client reads it. */
  const compare = (
    was: Schema | undefined,
    now: Schema | undefined,
    at: string,
    side: 'request' | 'response',
  ) => {
    const a = resolve(baseline, was);
    const b = resolve(current, now);
    if (!a) return;
    const key = `${side} ${was?.$ref ?? at} ${now?.$ref ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (!b) return faults.push(`${at}: removed`);
    if (
      a.type &&
      b.type &&
      a.type !== b.type &&
      !(a.type === 'integer' && b.type === 'number' && side === 'response')
    )
      faults.push(`${at}: type ${a.type} became ${b.type}`);
    if (side === 'request' && a.enum) {
      const removed = a.enum.filter((v) => !(b.enum ?? a.enum)!.includes(v));
      if (removed.length) faults.push(`${at}: enum narrowed (no longer accepts ${removed.join(', ')})`);
    }
    if (side === 'request' && !a.enum && b.enum) faults.push(`${at}: now restricted to an enum`);
    if (side === 'response' && a.nullable === false && b.nullable) faults.push(`${at}: may now be null`);
    for (const [name, prop] of Object.entries(a.properties ?? {})) {
      const next = b.properties?.[name];
      if (side === 'response' && !next) faults.push(`${at}.${name}: removed from the response`);
      if (side === 'response' && a.required?.includes(name) && !b.required?.includes(name))
        faults.push(`${at}.${name}: no longer always present`);
      if (next) compare(prop, next, `${at}.${name}`, side);
    }
    if (side === 'request') {
      for (const name of b.required ?? []) {
        if (!a.required?.includes(name)) faults.push(`${at}.${name}: newly required in the request`);
      }
    }
    if (a.items) compare(a.items, b.items, `${at}[]`, side);
  };

  for (const [path, item] of Object.entries(baseline.paths)) {
    for (const method of METHODS) {
      const was = item[method];
      if (!was) continue;
      const op = `${method.toUpperCase()} ${path}`;
      const now = current.paths[path]?.[method];
      if (!now) {
        faults.push(`${op}: operation removed`);
        continue;
      }
      const key = (p: { name: string; in: string }) =>
        `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
      const before = new Map((was.parameters ?? []).map((p) => [key(p), p]));
      for (const p of now.parameters ?? []) {
        const old = before.get(key(p));
        if (p.required && !old?.required) faults.push(`${op}: parameter ${p.name} newly required`);
        if (old) compare(old.schema, p.schema, `${op} parameter ${p.name}`, 'request');
      }
      if (now.requestBody?.required && was.requestBody && !was.requestBody.required)
        faults.push(`${op}: request body newly required`);
      if (now.requestBody && !was.requestBody && now.requestBody.required)
        faults.push(`${op}: request body now required`);
      for (const [type, media] of Object.entries(was.requestBody?.content ?? {})) {
        const next = now.requestBody?.content?.[type];
        if (!next) faults.push(`${op}: no longer accepts ${type}`);
        else compare(media.schema, next.schema, `${op} body`, 'request');
      }
      for (const [status, response] of Object.entries(was.responses ?? {})) {
        const next = now.responses?.[status];
        if (!next) {
          if (/^2/.test(status)) faults.push(`${op}: response ${status} removed`);
          continue;
        }
        for (const [type, media] of Object.entries(response.content ?? {})) {
          const nextMedia = next.content?.[type];
          if (!nextMedia) faults.push(`${op}: response ${status} no longer ${type}`);
          else compare(media.schema, nextMedia.schema, `${op} ${status}`, 'response');
        }
      }
    }
  }
  return faults;
}
