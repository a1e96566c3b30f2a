export * from './raise-alert';
