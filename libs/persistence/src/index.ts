export * from './entities';
export * from './data-source';
export * from './ensure-database';
export * from './persistence.module';
export * from './advisory-lock';
export * from './group-commit';
export * from './data-source-repository';
