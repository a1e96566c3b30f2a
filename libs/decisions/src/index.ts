export * from './contact-record';
export * from './decide-child';
export * from './decide-new-children';
export * from './store-decisions';
export * from './partner-outcome';
export * from './replay-arrival-order';
export * from './sla-timers';
export * from './triage-decision-row';
