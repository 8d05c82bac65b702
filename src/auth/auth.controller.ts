import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiOkResponse as ApiOk } from '@nestjs/swagger';
import { LoginResponseDoc, MeResponseDoc } from '../users/users.responses.js';
import type { Response } from 'express';
import { type Actor, type AuthenticatedRequest, CurrentActor } from '../common/actor.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { Public } from '../common/decorators.js';
import { bearerToken, TOKEN_COOKIE } from '../common/bearer-token.js';

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
    res.cookie(TOKEN_COOKIE, result.accessToken, {
      httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: new Date(result.expiresAt),
    });
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
}
