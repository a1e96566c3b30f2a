import { writeSync } from 'node:fs';

/**
 * Named crash points compiled into the apps, for the reliability tests: each sits where a crash is hardest to
 * survive (between two effects that cannot commit together). Armed only by FAULT_POINTS (refused in
 * production by loadConfig); unarmed, a point costs one Map lookup.
 */
export const FAULT_POINTS = [
  /** Intake: the contact and its outbox row committed, the 202 not yet written. */
  'intake.after-commit-before-202',
  /** Outbox relay: a batch acknowledged by Kafka, its rows not yet deleted. */
  'outbox.after-publish-before-mark',
  /** Triage: a batch's transaction committed, its Kafka offsets (and SLA timers) not yet. */
  'triage.after-commit-before-offset',
  /** Triage: inside a batch's transaction, before it commits (what an offset committed early would lose). */
  'triage.before-commit',
  /** Alert delivery: the channel has sent, the delivery not yet recorded as delivered. */
  'alerts.after-send-before-record',
] as const;
export type FaultPointName = (typeof FAULT_POINTS)[number];

/** `name:once` (the first time it is reached), `name:<n>` (the n-th time) or `name:always`. */
const SPEC = /^([a-z0-9.-]+)(?::(once|always|[1-9][0-9]*))?$/;

export interface ArmedFaultPoint {
  /** The hit (1-based) that crashes; 0 for every hit. */
  at: number;
}

/** Parses FAULT_POINTS; returns the faults in it (an unknown point or a bad mode is a fault). */
export function parseFaultPoints(value: string): { armed: Map<string, ArmedFaultPoint>; faults: string[] } {
  const armed = new Map<string, ArmedFaultPoint>();
  const faults: string[] = [];
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = SPEC.exec(item);
    if (!m) {
      faults.push(`FAULT_POINTS: "${item}" is not name[:once|:always|:<n>]`);
      continue;
    }
    if (!(FAULT_POINTS as readonly string[]).includes(m[1])) {
      faults.push(`FAULT_POINTS: no fault point named "${m[1]}" (known: ${FAULT_POINTS.join(', ')})`);
      continue;
    }
    const mode = m[2] ?? 'once';
    armed.set(m[1], { at: mode === 'always' ? 0 : mode === 'once' ? 1 : Number(mode) });
  }
  return { armed, faults };
}

let armedPoints: Map<string, ArmedFaultPoint> | null = null;
const hits = new Map<string, number>();

/**
 * Crashes the process here if FAULT_POINTS arms this point: SIGKILL to itself, so nothing is flushed, no
 * shutdown hook runs and no in-flight work finishes (as in a power cut). One line on stderr first, written
 * synchronously, so a test can tell its crash from any other.
 */
export function faultPoint(name: FaultPointName): void {
  armedPoints ??= parseFaultPoints(process.env.FAULT_POINTS ?? '').armed;
  if (!armedPoints.size) return;
  const armed = armedPoints.get(name);
  if (!armed) return;
  const hit = (hits.get(name) ?? 0) + 1;
  hits.set(name, hit);
  if (armed.at !== 0 && armed.at !== hit) return;
  writeSync(2, `FAULT POINT ${name} reached (hit ${hit}): killing the process\n`);
  process.kill(process.pid, 'SIGKILL');
}
