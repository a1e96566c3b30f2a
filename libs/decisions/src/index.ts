export * from './contact-record';
export * from './decide-child';
