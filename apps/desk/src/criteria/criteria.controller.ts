import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@app/auth';
import { CRITERIA_TRIERS } from '../desk-roles';
import { TryCriteriaUseCase } from './try-criteria.usecase';
import { CRITERIA_EXAMPLE, EvaluateCriteriaBody, EvaluateCriteriaDocs } from './criteria.openapi';
import { ValidBody } from '../request-input/validate-input';

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
  @EvaluateCriteriaDocs(CRITERIA_EXAMPLE)
  evaluate(@ValidBody(EvaluateCriteriaBody) body: EvaluateCriteriaBody) {
    return this.tryCriteria.execute(body);
  }
}
