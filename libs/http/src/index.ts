export * from './problem';
export * from './problem-details.filter';
export * from './database-unavailable';
export * from './create-http-app';
export * from './openapi-document';
export * from './problem-details.dto';
