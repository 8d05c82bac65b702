import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags,
  ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiOkResponse as ApiOk } from '@nestjs/swagger';
import type { LoginResponse } from '#contracts';
import { LoginResponseDoc, MeResponseDoc, SessionResponseDoc } from '../users/users.responses.js';
import type { Request, Response } from 'express';
import { type Actor, type AuthenticatedRequest, CurrentActor } from '../common/actor.js';
import { ApiPageResponse } from '../common/api-page.js';
import { UuidParam } from '../common/validation.js';
import { UsersService } from '../users/users.service.js';
import { ChangePasswordDto, LoginDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { Public } from '../common/decorators.js';
import { bearerToken, TOKEN_COOKIE } from '../common/bearer-token.js';

/** The httpOnly cookie the web client may use instead of the bearer token, set with every new token. */
export function setTokenCookie(req: Request, res: Response, result: Pick<LoginResponse, 'accessToken' | 'expiresAt'>): void {
  res.cookie(TOKEN_COOKIE, result.accessToken, {
    httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: new Date(result.expiresAt),
  });
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService, private readonly users: UsersService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password; returns a bearer token (also set as an httpOnly cookie)' })
  @ApiOk({ type: LoginResponseDoc })
  @ApiUnauthorizedResponse({ description: 'wrong e-mail address or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts for this account or from this address; see Retry-After' })
  async login(@Body() dto: LoginDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.auth.login(dto.email, dto.password, { ip: req.ip, requestId: req.id === undefined ? undefined : String(req.id) }, dto.collaborationId);
    setTokenCookie(req, res, result);
    return result;
  }

  @Post('auth/logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session: its token (bearer or cookie) is refused from now on; the cookie is cleared' })
  async logout(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(bearerToken(req));
    res.clearCookie(TOKEN_COOKIE, { path: '/' });
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who you are: user, role, organisation and collaboration' })
  @ApiOk({ type: MeResponseDoc })
  me(@CurrentActor() actor: Actor) {
    return this.users.me(actor);
  }

  @Post('me/password')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change your own password',
    description: 'Every session of yours ends (on every device); you go on with the new token answered here (also set as the cookie), as a login answers.',
  })
  @ApiOk({ type: LoginResponseDoc })
  @ApiBadRequestResponse({ description: 'WRONG_PASSWORD (currentPassword), NO_LOCAL_PASSWORD (an account that signs in through its organisation), SAME_PASSWORD, or a weak newPassword' })
  @ApiConflictResponse({ description: 'PASSWORD_CHANGED: changed meanwhile' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts; see Retry-After' })
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const result = await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword);
    setTokenCookie(req, res, result);
    return result;
  }

  @Get('me/sessions')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your live sessions (logins), newest first; `current` is the one you ask with' })
  @ApiPageResponse(SessionResponseDoc, 'at most the 100 newest; nextCursor is always null')
  sessions(@CurrentActor() actor: Actor) {
    return this.users.sessions(actor);
  }

  @Delete('me/sessions/:id')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of your sessions (log out another device, or this one): its token is refused from now on' })
  @ApiNoContentResponse({ description: 'ended' })
  @ApiNotFoundResponse({ description: 'not a live session of yours' })
  async endSession(@CurrentActor() actor: Actor, @UuidParam() id: string, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.users.endOwnSession(actor, id);
    if (id === actor.sessionId) res.clearCookie(TOKEN_COOKIE, { path: '/' });
  }
}
