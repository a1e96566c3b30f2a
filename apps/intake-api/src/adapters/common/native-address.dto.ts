import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { IsUkPostcode, Required } from '@app/contracts';
import { MaxChars } from './native-validation';

/** An address as partner systems hold it; mapped to the contract's child.address. */
export class NativeAddressDto {
  @ApiProperty({ required: false, maxLength: 200, example: '1 Example Road' })
  @IsOptional()
  @IsString()
  @MaxChars(200)
  line1?: string;

  @ApiProperty({ required: false, maxLength: 200, example: 'Banbury' })
  @IsOptional()
  @IsString()
  @MaxChars(200)
  town?: string;

  @ApiProperty({ description: 'A UK postcode, any case and spacing', example: 'OX16 1AA' })
  @Required('is required when an address is given')
  @IsString()
  @IsUkPostcode()
  postcode: string;
}
