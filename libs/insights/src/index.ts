export * from './days';
export * from './random';
export * from './count-quantile';
export * from './spike-method';
export * from './series';
export * from './synthetic-demand';
export * from './params';
export * from './daily-series';
