import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { appendAudit } from '@app/audit';
import { CurrentPrincipal, Principal, Public, STAFF_ROLES, StaffOnly, StaffTokens } from '@app/auth';
import { Problem } from '@app/http';
import { DataSource } from 'typeorm';
import { LoginUseCase } from './login.usecase';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly tokens: StaffTokens,
    private readonly ds: DataSource,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    operationId: 'logIn',
    summary: 'Staff login: { username, password } -> { accessToken } (anyone)',
  })
  async logIn(@Body() body: { username?: unknown; password?: unknown }, @Ip() ip: string) {
    const errors = [];
    if (typeof body?.username !== 'string' || !body.username)
      errors.push({ path: 'username', message: 'is required' });
    if (typeof body?.password !== 'string' || !body.password)
      errors.push({ path: 'password', message: 'is required' });
    if (errors.length) throw Problem.validation(400, errors);
    return this.login.execute({ username: body.username as string, password: body.password as string, ip });
  }

  @Post('logout')
  @HttpCode(204)
  @StaffOnly(...STAFF_ROLES)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'logOut', summary: 'End this token now (every staff role)' })
  async logOut(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.kind !== 'staff') throw Problem.forbidden();
    await this.tokens.revoke(principal);
    await appendAudit(this.ds, {
      actor: principal.username,
      actorRole: principal.role,
      action: 'logout',
      subjectType: 'staff_user',
      subjectId: principal.userId,
    });
  }

  @Get('me')
  @StaffOnly(...STAFF_ROLES)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'readSession', summary: 'Who this token belongs to (every staff role)' })
  me(@CurrentPrincipal() principal: Principal) {
    if (principal.kind !== 'staff') throw Problem.forbidden();
    return { username: principal.username, role: principal.role, expiresAt: new Date(principal.expiresAt) };
  }
}
