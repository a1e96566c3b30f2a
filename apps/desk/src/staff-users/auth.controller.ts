import { Body, Controller, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Public, RateLimiter, STAFF_ROLES, StaffOnly } from '@app/auth';
import { AppConfig } from '@app/config';
import { Problem } from '@app/http';
import { validateBody } from '../request-input/validate-input';
import { LoginBody, LogInDocs, LogOutDocs, SessionDocs } from './auth.openapi';
import { LoginUseCase } from './login.usecase';
import { LogOutUseCase } from './log-out.usecase';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly logOutSession: LogOutUseCase,
    private readonly limiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    operationId: 'logIn',
    summary: 'Staff login: { username, password } -> { accessToken } (anyone)',
  })
  @LogInDocs()
  async logIn(@Body() raw: unknown, @Ip() ip: string) {
    const body = raw as { username?: unknown } | undefined;
    // Per address (every attempt, even a malformed one) and per username, before any password is checked.
    const retryAfter =
      (await this.limiter.retryAfter(
        `login-address:${ip}`,
        this.config.LOGIN_LIMIT_PER_ADDRESS_PER_MINUTE,
      )) ||
      (typeof body?.username === 'string'
        ? await this.limiter.retryAfter(
            `login-username:${body.username.trim().toLowerCase().slice(0, 64)}`,
            this.config.LOGIN_LIMIT_PER_USERNAME_PER_MINUTE,
          )
        : 0);
    if (retryAfter) throw Problem.tooManyRequests(retryAfter);
    // Checked after the limits (a pipe would run before them): the DTO that documents the body.
    const { username, password } = validateBody(LoginBody, raw ?? {});
    return this.login.execute({ username, password, ip });
  }

  @Post('logout')
  @HttpCode(204)
  @StaffOnly(...STAFF_ROLES)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'logOut', summary: 'End this token now (every staff role)' })
  @LogOutDocs()
  async logOut(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.kind !== 'staff') throw Problem.forbidden();
    await this.logOutSession.execute(principal);
  }

  @Get('me')
  @StaffOnly(...STAFF_ROLES)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'readSession', summary: 'Who this token belongs to (every staff role)' })
  @SessionDocs()
  me(@CurrentPrincipal() principal: Principal) {
    if (principal.kind !== 'staff') throw Problem.forbidden();
    return { username: principal.username, role: principal.role, expiresAt: new Date(principal.expiresAt) };
  }
}
