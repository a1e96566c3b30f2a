import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
