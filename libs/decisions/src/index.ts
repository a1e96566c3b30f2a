export * from './contact-record';
export * from './decide-child';
export * from './decide-new-children';
export * from './store-decisions';
export * from './partner-outcome';
export * from './sla-timers';
