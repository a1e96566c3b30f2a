/** Injection tokens for the app's kafkajs client and its shared ioredis connection. */
export const KAFKA = Symbol('KAFKA');
export const REDIS = Symbol('REDIS');
