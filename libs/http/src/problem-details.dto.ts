import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One field at fault: where (a dotted path into the body, or a header name) and what is wrong. */
export class FieldErrorDto {
  @ApiProperty({ example: 'child.nhsNumber', description: 'Dotted path into the body (`[i]` for items)' })
  path: string;

  @ApiProperty({ example: 'must be a 10-digit NHS number with a valid Modulus 11 check digit' })
  message: string;
}

/**
 * RFC 9457 problem details, as ProblemDetailsFilter writes every error. The one schema every problem
 * response of both documents refers to.
 */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank', description: 'A URI reference naming the kind of problem' })
  type: string;

  @ApiProperty({ example: 'Not found' })
  title: string;

  @ApiProperty({ type: 'integer', example: 404, minimum: 400, maximum: 599 })
  status: number;

  @ApiPropertyOptional({ example: 'No such contact' })
  detail?: string;

  @ApiPropertyOptional({ example: '/v1/contacts/0b7c8f8e-3c55-4a59-9a43-3f0f6a2d1c11' })
  instance?: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'Every field at fault (validation problems); values are never echoed',
  })
  errors?: FieldErrorDto[];
}
