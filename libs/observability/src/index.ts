export * from './health.controller';
export * from './logging';
export * from './metrics';
export * from './operator';
