export * from './app-config';
export * from './config.module';
export * from './installation-secrets';
export * from './fault-points';
export * from './log-destination';
export * from './database-login';
