export * from './record-contact.usecase';
export * from './contact-identity';
export * from './partner-admin';
export * from './contact-recording.module';
