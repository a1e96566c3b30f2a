import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@app/auth';
import { CRITERIA_TRIERS } from '../desk-roles';
import { TryCriteriaUseCase } from './try-criteria.usecase';

@ApiTags('criteria')
@ApiBearerAuth()
@Controller('v1/criteria')
export class CriteriaController {
  constructor(private readonly tryCriteria: TryCriteriaUseCase) {}

  @Post('evaluate')
  @HttpCode(200)
  @StaffOnly(...CRITERIA_TRIERS)
  @ApiOperation({
    operationId: 'evaluateCriteria',
    summary: 'The decision the criteria would make, recording nothing (duty_manager, admin)',
  })
  evaluate(@Body() body: unknown) {
    return this.tryCriteria.execute(body);
  }
}
