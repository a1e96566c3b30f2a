export * from './infrastructure';
export * from './test-env';
export * from './wait-for';
export * from './topic-watcher';
export * from './contact-factory';
export * from './contact-arbitraries';
export * from './bench-contacts';
export * from './bench-stats';
