/**
 * Spike detection quality on synthetic demand (libs/insights): detection of days at twice the expected
 * count and false alarms on clean days, over several seeded three-year series of a county's demand, with the
 * method's configured parameters. Pure computation: no infrastructure needed.
 */
import { loadConfig } from '@app/config';
import { measureSpikeQuality, spikeParamsFrom } from '@app/insights';

export interface SpikeQualityBench {
  detectionRate: number;
  falseAlarmRate: number;
  days: number;
  goals: { detectionRate: number; falseAlarmRate: number };
  met: boolean;
  bySeries: { series: string; detectionRate: number; falseAlarmRate: number }[];
  seconds: number;
}

export async function benchSpikeQuality(seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]): Promise<SpikeQualityBench> {
  const started = Date.now();
  const q = measureSpikeQuality({ seeds, years: 3, params: spikeParamsFrom(loadConfig()) });
  const goals = { detectionRate: 0.95, falseAlarmRate: 0.01 };
  return {
    detectionRate: q.detectionRate,
    falseAlarmRate: q.falseAlarmRate,
    days: q.days,
    goals,
    met: q.detectionRate >= goals.detectionRate && q.falseAlarmRate <= goals.falseAlarmRate,
    bySeries: q.series.map((s) => ({
      series: s.series,
      detectionRate: s.detectionRate,
      falseAlarmRate: s.falseAlarmRate,
    })),
    seconds: (Date.now() - started) / 1000,
  };
}

if (require.main === module) {
  benchSpikeQuality().then((r) => console.log(JSON.stringify(r, null, 2)));
}
