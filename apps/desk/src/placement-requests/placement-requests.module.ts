import { Module } from '@nestjs/common';
import { PlacementRequestsController } from './placement-requests.controller';
import { RecordPlacementRequestUseCase } from './record-placement-request.usecase';

/** Placement requests on the staff API: validation, gatekeeping, the alert and events they call for. */
@Module({
  controllers: [PlacementRequestsController],
  providers: [RecordPlacementRequestUseCase],
})
export class PlacementRequestsModule {}
