export * from './problem';
export * from './problem-details.filter';
export * from './database-unavailable';
export * from './create-http-app';
export * from './webhook-signature';
export * from './webhook-secret-box';
