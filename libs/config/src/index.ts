export * from './app-config';
export * from './config.module';
export * from './installation-secrets';
export * from './log-destination';
