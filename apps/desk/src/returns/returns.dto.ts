import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';

/** The census year: the one ending 31 March of `year` (2000 to 2100). */
export class CensusYearQuery {
  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, example: 2026 })
  @ValidateBy({
    name: 'isCensusYear',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && /^\d{4}$/.test(v) && +v >= 2000 && +v <= 2100,
      defaultMessage: () => 'is required: the year the census year ends on 31 March of, e.g. 2026',
    },
  })
  year: string;
}

export class CinIssueView {
  @ApiProperty({ description: 'The DfE rule code; a code ending in Q is a query', example: '8770Q' })
  code: string;
  @ApiProperty({ enum: ['error', 'query'] }) type: 'error' | 'query';
  @ApiProperty({ description: "The rule's message" }) message: string;
  @ApiPropertyOptional({
    description: 'The child (LAchildID, the Child Unique ID); absent for a whole-return rule',
  })
  laChildId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The child's id in the service" }) childId?: string;
  @ApiProperty({ type: [String], description: 'CIN census fields to complete or correct', example: ['UPN'] })
  fields: string[];
}

export class CinCensusReportView {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty() children: number;
  @ApiProperty() cinDetails: number;
  @ApiProperty({
    description:
      'No-further-action referrals dated before the working day ahead of the census year, left out (rule 8569)',
  })
  excludedNoFurtherActionFromYearBefore: number;
  @ApiProperty() errors: number;
  @ApiProperty() queries: number;
  @ApiProperty({ type: [CinIssueView] }) issues: CinIssueView[];
}
