import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { STAFF_ROLES } from '@app/auth';
import { IsNotBlank, Required } from '@app/contracts';
import { ApiProblem, RETRY_AFTER } from '@app/http';
import { MaxChars } from '../request-input/validate-input';

export class LoginBody {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'dw.example' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(200)
  username: string;
  @ApiProperty({ minLength: 1, maxLength: 1024, format: 'password', example: 'correct horse battery staple' })
  @Required()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxChars(1024)
  password: string;
}

export class LoginResult {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' })
  accessToken: string;
  @ApiProperty({ enum: STAFF_ROLES })
  role: string;
  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires' })
  expiresIn: number;
}

export class Session {
  @ApiProperty()
  username: string;
  @ApiProperty({ enum: STAFF_ROLES })
  role: string;
  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export const LogInDocs = () =>
  applyDecorators(
    ApiBody({ type: LoginBody }),
    ApiOkResponse({ type: LoginResult }),
    ApiProblem(400, 'Malformed: not a JSON object, a wrong JSON type or an unknown field', {
      title: 'Malformed request',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'password', message: 'must be a string' }],
    }),
    ApiProblem(422, 'Username or password missing or empty', {
      title: 'The request breaks a rule',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'password', message: 'is required' }],
    }),
    ApiProblem(401, 'Wrong username or password, or the account is locked', {
      title: 'Unauthorized',
      detail: 'Wrong username or password',
    }),
    ApiProblem(429, 'Too many attempts', { title: 'Too many requests' }, RETRY_AFTER),
  );

export const LogOutDocs = () => ApiNoContentResponse({ description: 'The token no longer works' });
export const SessionDocs = () => ApiOkResponse({ type: Session });
