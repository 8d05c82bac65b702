import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../common/actor.js';
import { Public } from '../common/decorators.js';
import { DomainError } from '../common/domain-error.js';
import { PasswordResetConfirmDto, PasswordResetRequestDto } from './password-reset.dto.js';
import { PasswordResetService } from './password-reset.service.js';

const context = (req: AuthenticatedRequest) => ({ ip: req.ip, requestId: req.id === undefined ? undefined : String(req.id) });

@ApiTags('auth')
@Controller('auth/password-reset')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for a password reset link by e-mail: always 202, whether or not the address has an account' })
  @ApiAcceptedResponse({ description: 'if the address has an account (and e-mail is configured), a link that works once for 60 minutes is on its way' })
  @ApiTooManyRequestsResponse({ description: 'too many requests from this address (the login budget); see Retry-After' })
  request(@Body() dto: PasswordResetRequestDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): { accepted: true } {
    try {
      this.resets.accept(dto.email, context(req));
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'rate_limited') res.setHeader('Retry-After', String(e.extra.retryAfterSeconds ?? 60));
      throw e;
    }
    return { accepted: true };
  }

  @Post('confirm')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: "Set a new password with the link's token; the link is then used up and every session of the account ends" })
  @ApiNoContentResponse({ description: 'the password is set: log in with it' })
  @ApiBadRequestResponse({ description: 'a weak password (newPassword), or a link that is not valid (RESET_TOKEN_INVALID), used (RESET_TOKEN_USED) or expired (RESET_TOKEN_EXPIRED)' })
  async confirm(@Body() dto: PasswordResetConfirmDto, @Req() req: AuthenticatedRequest): Promise<void> {
    await this.resets.confirm(dto.token, dto.newPassword, context(req));
  }
}
