import { Global, Module } from '@nestjs/common';
import { CriteriaRegistry, bundledCriteriaRegistry } from './criteria-registry';

/**
 * Provides the CriteriaRegistry of the bundled criteria data to every app. The data is read and validated
 * when the module is built, so a broken criteria file stops the app at start, not at the first triage.
 */
@Global()
@Module({
  providers: [{ provide: CriteriaRegistry, useFactory: bundledCriteriaRegistry }],
  exports: [CriteriaRegistry],
})
export class CriteriaModule {}
