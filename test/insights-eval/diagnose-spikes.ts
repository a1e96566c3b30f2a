/**
 * Tuning aid (tuning seeds only). For every series-day no injection touched, the chance that the method would
 * have flagged a 2x one-day spike there (its limit for a day does not depend on that day's count), against
 * the power limit at the method's own false-alarm rate for the series size; days weighted as the evaluation
 * places its injections (a third in the return weeks, a fifth around bank holidays). Far less noisy than
 * counting 30 injections a county.
 *   nice node -r @swc-node/register test/insights-eval/diagnose-spikes.ts --seeds 1,2,3 [--set '{...}']
 */
import {
  assessSeries,
  countQuantile,
  DEFAULT_SPIKE_PARAMS,
  SpikeMethodParams,
  schoolCalendar,
  dayOf,
} from '@app/insights';
import { county, DAY_VARIATION, DAYS, START, tailAbove, TUNING_SEEDS, WARMUP } from './evaluate-spikes';

const a = process.argv.slice(2);
const get = (k: string) => (a.indexOf(k) >= 0 ? a[a.indexOf(k) + 1] : undefined);
const seeds = get('--seeds')?.split(',').map(Number) ?? TUNING_SEEDS;
const set = JSON.parse(get('--set') ?? '{}') as Partial<SpikeMethodParams>;
const method = (get('--method') ?? 'school-year') as SpikeMethodParams['method'];
const verbose = a.includes('--verbose');
const params: SpikeMethodParams = { ...DEFAULT_SPIKE_PARAMS, method, ...set };
const calendar = schoolCalendar();
const startDay = dayOf(START)!;
const A = DAY_VARIATION ** 2;
const t0 = Date.now();

interface Day {
  size: string;
  period: string;
  band: string;
  m: number;
  upper: number | null;
  spike: boolean;
  w: number;
  z2: number;
  lr: number;
  outside: boolean;
}
const days: Day[] = [];
for (const seed of seeds) {
  const c = county(seed, a.includes('--clean') ? 0 : undefined);
  const isReturn = (i: number) => calendar.isReturnToSchool(startDay + i);
  const isBank = (i: number) =>
    calendar.has(startDay + i, 'bank_holiday') ||
    calendar.has(startDay + i, 'after_bank_holiday') ||
    calendar.has(startDay + i + 1, 'bank_holiday');
  let nRet = 0;
  let nBank = 0;
  for (let i = WARMUP; i < DAYS - 7; i++) {
    if (isReturn(i)) nRet++;
    if (isBank(i)) nBank++;
  }
  const nAll = DAYS - 7 - WARMUP;
  for (let s = 0; s < c.names.length; s++) {
    const mean = c.expected[s].reduce((p, q) => p + q, 0) / DAYS;
    const size = mean < 10 ? 'quiet' : mean < 40 ? 'medium' : 'busy';
    const res = assessSeries(c.counts[s], params, { startDay, calendar });
    for (let i = WARMUP; i < DAYS; i++) {
      if (c.affected[s][i]) continue;
      const r = res[i];
      const m = c.expected[s][i];
      const day = startDay + i;
      const period = isReturn(i)
        ? i < 365
          ? 'return-y1'
          : 'return'
        : isBank(i)
          ? calendar.has(day, 'bank_holiday')
            ? 'bank-hol'
            : calendar.has(day, 'after_bank_holiday')
              ? 'bank-after'
              : 'bank-before'
          : calendar.periodOf(day);
      const w =
        i < DAYS - 7 ? (isReturn(i) ? 0.33 / nRet : 0) + (isBank(i) ? 0.2 / nBank : 0) + 0.47 / nAll : 0;
      const band = m < 10 ? '<10' : m < 20 ? '10-20' : m < 50 ? '20-50' : '50+';
      days.push({
        size,
        period,
        band,
        m,
        upper: r.upper,
        spike: r.spike,
        w,
        z2: r.variance ? (r.count - r.expected!) ** 2 / r.variance : 1,
        lr: r.expected ? Math.log(Math.max(0.1, r.expected) / m) : 0,
        outside: !isReturn(i),
      });
    }
  }
}
const sizes = ['quiet', 'medium', 'busy'];
const rate: Record<string, number> = {};
const out: string[] = [];
for (const s of sizes) {
  const d = days.filter((x) => x.size === s);
  const o = d.filter((x) => x.outside);
  rate[s] = Math.max(1e-5, d.filter((x) => x.spike).length / d.length);
  out.push(
    `${s}: false alarms ${(100 * rate[s]).toFixed(2)}%, outside return ${((100 * o.filter((x) => x.spike).length) / o.length).toFixed(2)}%`,
  );
}
const groups = new Map<
  string,
  { w: number; det: number; lim: number; z2: number; lr: number; lr2: number; n: number }
>();
for (const x of days) {
  if (x.m < 10 || x.w === 0) continue;
  const det = x.upper === null ? 0 : tailAbove(Math.max(x.upper, params.minCount - 1), x.m, A, x.m);
  const u = countQuantile(x.m, x.m + A * x.m * x.m, 1 - rate[x.size]);
  const lim = tailAbove(u, x.m, A, x.m);
  for (const k of [
    'all',
    `size ${x.size}`,
    `band ${x.band}`,
    `period ${x.period}`,
    ...(verbose ? [`${x.size} ${x.period}`] : []),
  ]) {
    const g = groups.get(k) ?? { w: 0, det: 0, lim: 0, z2: 0, lr: 0, lr2: 0, n: 0 };
    g.w += x.w;
    g.det += x.w * det;
    g.lim += x.w * lim;
    g.z2 += x.z2;
    g.lr += x.lr;
    g.lr2 += x.lr * x.lr;
    g.n++;
    groups.set(k, g);
  }
}
console.log(out.join('; '));
const total = groups.get('all')!;
console.log('group               days   2x found  limit   gap   E[z2]  bias   rmse(log m)  share of gap');
for (const [k, g] of [...groups].sort()) {
  console.log(
    `${k.padEnd(18)} ${String(g.n).padStart(6)} ${((100 * g.det) / g.w).toFixed(1).padStart(7)} ${((100 * g.lim) / g.w).toFixed(1).padStart(6)} ${((100 * (g.lim - g.det)) / g.w).toFixed(1).padStart(5)} ${(g.z2 / g.n).toFixed(2).padStart(6)} ${(g.lr / g.n).toFixed(3).padStart(6)} ${Math.sqrt(
      g.lr2 / g.n,
    )
      .toFixed(3)
      .padStart(6)} ${((100 * (g.lim - g.det)) / total.w).toFixed(1).padStart(6)}`,
  );
}
console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
