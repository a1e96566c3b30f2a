export * from './partner-keys';
export * from './roles';
export * from './staff-tokens';
export * from './rate-limiter';
export * from './principal';
export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';
