import { DEFAULT_SPIKE_PARAMS, SpikeMethodParams } from './spike-method';

/** The INSIGHTS_* settings of AppConfig that parameterise the method. */
export interface SpikeSettings {
  INSIGHTS_BASELINE_WEEKS?: number;
  INSIGHTS_GUARD_WEEKS?: number;
  INSIGHTS_MIN_BASELINE?: number;
  INSIGHTS_SPIKE_QUANTILE?: number;
  INSIGHTS_SPIKE_MIN_COUNT?: number;
  INSIGHTS_SEASONAL_YEARS?: number;
  INSIGHTS_DISPERSION_DAYS?: number;
}

export function spikeParamsFrom(s: SpikeSettings): SpikeMethodParams {
  const d = DEFAULT_SPIKE_PARAMS;
  return {
    ...d,
    baselineWeeks: s.INSIGHTS_BASELINE_WEEKS ?? d.baselineWeeks,
    guardWeeks: s.INSIGHTS_GUARD_WEEKS ?? d.guardWeeks,
    minBaseline: s.INSIGHTS_MIN_BASELINE ?? d.minBaseline,
    quantile: s.INSIGHTS_SPIKE_QUANTILE ?? d.quantile,
    minCount: s.INSIGHTS_SPIKE_MIN_COUNT ?? d.minCount,
    seasonalYears: s.INSIGHTS_SEASONAL_YEARS ?? d.seasonalYears,
    dispersionDays: s.INSIGHTS_DISPERSION_DAYS ?? d.dispersionDays,
  };
}
