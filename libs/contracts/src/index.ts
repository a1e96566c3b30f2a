export * from './topics';
export * from './events';
export * from './agencies';
export * from './contact';
export * from './queues';
export * from './alert-delivery';
export * from './outcomes';
