import { ApiProperty } from '@nestjs/swagger';

/**
 * A contact the criteria found may be about the same child (a near miss), kept with the decision until a
 * duty worker confirms or rejects it. Documents the stored shape both documents answer with.
 */
export class PossibleMatchDto {
  @ApiProperty({ format: 'uuid', description: 'The other contact' })
  contactId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The child it is recorded on' })
  childId: string | null;
  @ApiProperty({ example: 'first_name_one_edit', description: 'Why they nearly matched' })
  reason: string;
}
