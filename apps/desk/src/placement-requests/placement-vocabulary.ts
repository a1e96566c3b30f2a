/**
 * The placement words live in libs/contracts/src/placement-vocabulary.ts, so the web app reads the same lists;
 * this module stays so the placement code's imports need not change.
 */
export * from '@app/contracts';
