import { Body, Controller, Delete, Get, HttpCode, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, PartnerPrincipal, PartnersOnly } from '@app/auth';
import { ApiProblem, Problem } from '@app/http';
import { validateNative } from '../adapters/common/native-validation';
import {
  CallbackResponse,
  CallbackWithSecretResponse,
  FeedbackDeliveryList,
  RegisterCallbackDto,
} from './partner-callback.dto';
import { CallbackUrlError, PartnerCallbacks } from './partner-callbacks';

/** A problem answer documented with the one problem-details schema, and an example. */
const problem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) =>
  ApiProblem(status, title, { title, detail, ...extra });
const UNAUTHORIZED = problem(401, 'Unauthorized', 'Missing or invalid credentials');
const NO_CALLBACK = problem(404, 'Not Found', 'No callback is registered: PUT /v1/partner/callback first');

/**
 * Feedback to referrers: a partner registers where it wants a signed webhook when each of its contacts is
 * decided (README "Feedback to referrers"). Partner keys only; a partner sees and changes its own alone.
 */
@ApiTags('feedback to referrers')
@ApiBearerAuth()
@Controller('v1/partner/callback')
export class PartnerCallbackController {
  constructor(private readonly callbacks: PartnerCallbacks) {}

  @Put()
  @PartnersOnly()
  @ApiOperation({
    operationId: 'putCallback',
    summary: 'Register (201, with the signing secret, once) or move (200) your callback URL',
  })
  @ApiBody({ type: RegisterCallbackDto })
  @ApiResponse({
    status: 201,
    type: CallbackWithSecretResponse,
    description: 'Registered; the secret shown once',
  })
  @ApiResponse({ status: 200, type: CallbackResponse, description: 'Moved; the secret is unchanged' })
  @problem(400, 'Malformed request', '1 field(s) at fault', {
    type: '/problems/validation',
    errors: [{ path: 'urls', message: 'is not a field of the contract' }],
  })
  @UNAUTHORIZED
  @problem(422, 'The request breaks a rule', '1 field(s) at fault', {
    type: '/problems/validation',
    errors: [{ path: 'url', message: 'must be an https:// URL' }],
  })
  async put(
    @Body() body: unknown,
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CallbackResponse | CallbackWithSecretResponse> {
    const dto = validateNative(RegisterCallbackDto, body);
    try {
      const result = await this.callbacks.put(principal.partnerId, dto.url);
      res.status(result.created ? 201 : 200);
      return result.secret ? { ...result.view, secret: result.secret } : result.view;
    } catch (e) {
      if (e instanceof CallbackUrlError) throw Problem.validation(422, e.faults);
      throw e;
    }
  }

  @Get()
  @PartnersOnly()
  @ApiOperation({ operationId: 'getCallback', summary: 'Your callback (never its secret)' })
  @ApiResponse({ status: 200, type: CallbackResponse })
  @UNAUTHORIZED
  @NO_CALLBACK
  async get(@CurrentPrincipal() principal: PartnerPrincipal): Promise<CallbackResponse> {
    const view = await this.callbacks.get(principal.partnerId);
    if (!view) throw Problem.notFound('No callback is registered: PUT /v1/partner/callback first');
    return view;
  }

  @Delete()
  @HttpCode(204)
  @PartnersOnly()
  @ApiOperation({
    operationId: 'deleteCallback',
    summary: 'Stop feedback webhooks (the secret is discarded)',
  })
  @ApiResponse({ status: 204, description: 'Removed' })
  @UNAUTHORIZED
  @NO_CALLBACK
  async remove(@CurrentPrincipal() principal: PartnerPrincipal): Promise<void> {
    if (!(await this.callbacks.remove(principal.partnerId)))
      throw Problem.notFound('No callback is registered: PUT /v1/partner/callback first');
  }

  @Post('secret')
  @HttpCode(200)
  @PartnersOnly()
  @ApiOperation({
    operationId: 'rotateCallbackSecret',
    summary: 'A new signing secret, shown once; the previous one also signs for 24 hours',
  })
  @ApiResponse({ status: 200, type: CallbackWithSecretResponse })
  @UNAUTHORIZED
  @NO_CALLBACK
  async rotate(@CurrentPrincipal() principal: PartnerPrincipal): Promise<CallbackWithSecretResponse> {
    const result = await this.callbacks.rotateSecret(principal.partnerId);
    if (!result) throw Problem.notFound('No callback is registered: PUT /v1/partner/callback first');
    return { ...result.view, secret: result.secret };
  }

  @Get('deliveries')
  @PartnersOnly()
  @ApiOperation({
    operationId: 'listCallbackDeliveries',
    summary: 'Your latest feedback webhooks: delivered, retrying or failed, with the last error',
  })
  @ApiResponse({ status: 200, type: FeedbackDeliveryList })
  @UNAUTHORIZED
  async deliveries(@CurrentPrincipal() principal: PartnerPrincipal): Promise<FeedbackDeliveryList> {
    return { deliveries: await this.callbacks.deliveries(principal.partnerId) };
  }
}
