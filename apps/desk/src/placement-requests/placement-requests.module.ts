import { Module } from '@nestjs/common';
import {
  PanelOverdueUseCase,
  PanelTimers,
  PanelTimersProcessor,
  RebuildPanelTimersUseCase,
} from './panel-timers';
import { PanelTimersRepository } from './panel-timers.repository';
import { PlacementRequestsRepository } from './placement-requests.repository';
import { PlacementPanelUseCase } from './placement-panel.usecase';
import { PlacementPanelController, PlacementRequestsController } from './placement-requests.controller';
import { ReadPlacementRequestsUseCase } from './read-placement-requests.usecase';
import { RecordOutcomeUseCase } from './record-outcome.usecase';
import { RecordPlacementRequestUseCase } from './record-placement-request.usecase';
import { SufficiencyController } from './sufficiency.controller';
import { SufficiencyRepository } from './sufficiency.repository';
import { SufficiencyUseCase } from './sufficiency.usecase';
import { UpdateEvidenceUseCase } from './update-evidence.usecase';

/**
 * Placement requests on the staff API: validation, gatekeeping, the alert and events they call for; the
 * placement panel (its list, decisions, actions and their timers), evidence, outcomes and sufficiency.
 */
@Module({
  controllers: [PlacementRequestsController, PlacementPanelController, SufficiencyController],
  providers: [
    PlacementRequestsRepository,
    RecordPlacementRequestUseCase,
    ReadPlacementRequestsUseCase,
    PlacementPanelUseCase,
    UpdateEvidenceUseCase,
    RecordOutcomeUseCase,
    PanelTimersRepository,
    PanelTimers,
    PanelOverdueUseCase,
    PanelTimersProcessor,
    RebuildPanelTimersUseCase,
    SufficiencyRepository,
    SufficiencyUseCase,
  ],
})
export class PlacementRequestsModule {}
