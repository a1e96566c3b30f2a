import { assessSeries, DEFAULT_SPIKE_PARAMS, generateDemand, schoolCalendar, dayOf, CALENDAR_FEATURES } from '../libs/insights/src';
const demand = generateDemand({ start: '2023-03-06', days: 1000, seed: 1 });
const cal = schoolCalendar();
const sd = dayOf('2023-03-06')!;
for (const key of ['total', 'police', 'schools', 'health'] as const) {
const counts = demand.map((d) => (key === 'total' ? d.total : d.counts[key]));
const ex = (i: number) => (key === 'total' ? demand[i].expectedTotal : demand[i].expected[key]);
const a = assessSeries(counts, { ...DEFAULT_SPIKE_PARAMS, ...(process.argv[2] ? JSON.parse(process.argv[2]) : {}) }, { startDay: sd, calendar: cal });
const groups = new Map<string, { n: number; se: number; vr: number[] }>();
for (let i = 60; i < 1000; i++) {
  if (a[i].expected === null) continue;
  const e = ex(i);
  const f = cal.featuresOf(sd + i).map((k) => CALENDAR_FEATURES[k]).join('+') || 'term';
  const g = groups.get(f) ?? { n: 0, se: 0, vr: [] };
  g.n++; g.se += ((a[i].expected! - e) / e) ** 2; g.vr.push(a[i].variance! / (e + 0.0064 * e * e));
  groups.set(f, g);
}
console.log(key);
for (const [f, g] of [...groups].sort((x, y) => y[1].n - x[1].n)) { g.vr.sort((p, q) => p - q); console.log(' ', f.padEnd(40), g.n, 'rmse', Math.sqrt(g.se / g.n).toFixed(3), 'var ratio median', g.vr[g.vr.length >> 1].toFixed(2)); }
}
