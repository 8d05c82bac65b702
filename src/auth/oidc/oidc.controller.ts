import { Body, Controller, Get, HttpCode, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OIDC_ERROR_CODES } from '#contracts';
import { AddressWindow } from '../../common/address-window.js';
import { ApiPageResponse } from '../../common/api-page.js';
import { Public } from '../../common/decorators.js';
import { InjectConfig, type ResolvedConfig } from '../../config/config.module.js';
import { setTokenCookie } from '../auth.controller.js';
import { ExchangeDto, ProvidersQuery } from './oidc.dto.js';
import { OidcExchangeDoc, PublicIdentityProviderDoc } from './oidc.responses.js';
import { IdentityProvidersService } from './identity-providers.service.js';
import { OidcFailure } from './oidc-failure.js';
import { FLOW_SECONDS, HANDOFF_SECONDS, OidcService, type RequestContext } from './oidc.service.js';

/** The sealed state of a sign-in under way; sent only to the sign-in's own routes. */
const FLOW_COOKIE = 'lagesbild_oidc_flow';
/** The half of a finished sign-in the browser keeps: its one-time code is worth nothing without it. */
const HANDOFF_COOKIE = 'lagesbild_oidc_handoff';
const COOKIE_PATH = '/api/auth/oidc';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** This server as the browser reached it (behind a proxy: TRUST_PROXY=true makes X-Forwarded-Proto and -Host count). */
export const originOf = (req: Request) => `${req.protocol}://${req.host}`;

const contextOf = (req: Request): RequestContext => ({ ip: req.ip, requestId: req.id === undefined ? undefined : String(req.id) });

function cookie(req: Request, name: string): string | undefined {
  const found = req.headers.cookie?.split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  if (!found) return undefined;
  try {
    return decodeURIComponent(found.slice(name.length + 1));
  } catch {
    return undefined;
  }
}

/**
 * The browser's side of sign-in with OpenID Connect. Start and callback are navigations, not API calls: they answer
 * with redirects only, failures included (to the login page with `?oidcError=<code>`, which says what to do),
 * never with a JSON error or a 500 a person would be left looking at.
 */
@ApiTags('auth')
@Controller('auth')
export class OidcController {
  private readonly log = new Logger('OIDC');
  /**
   * Starts and callbacks per address: each makes this server call the provider (discovery, token endpoint), so they
   * are limited as logins per address are (a sign-in is one of each).
   */
  private readonly perAddress: AddressWindow;

  constructor(private readonly oidc: OidcService, private readonly providers: IdentityProvidersService, @InjectConfig() config: ResolvedConfig) {
    this.perAddress = new AddressWindow(config.loginThrottle.limit * 3, config.loginThrottle.ttlSeconds * 1000);
  }

  @Get('providers')
  @Public()
  @ApiOperation({ summary: "The identity providers a collaboration's people may sign in with (for the login page's buttons)" })
  @ApiPageResponse(PublicIdentityProviderDoc, 'enabled providers by name; nextCursor is always null; an unknown collaboration has none')
  list(@Query() q: ProvidersQuery) {
    return this.providers.publicList(q.collaboration);
  }

  @Get('oidc/:providerId/start')
  @Public()
  @ApiOperation({
    summary: 'Sign in through an identity provider: redirects the browser there (authorisation code flow with PKCE)',
    description: `A navigation, not an API call: 302 to the provider, or to \`/logga-in?oidcError=<code>\` (${OIDC_ERROR_CODES.slice(0, 3).join(', ')}).`,
  })
  @ApiParam({ name: 'providerId', schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'returnTo', required: false, schema: { type: 'string', maxLength: 200, example: '/insatser' }, description: 'a path of this site to come back to' })
  @ApiFoundResponse({ description: "to the provider's authorisation endpoint (or to the login page with oidcError)" })
  async start(@Param('providerId') providerId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    try {
      this.limit(req);
      if (!UUID.test(providerId)) throw new OidcFailure('PROVIDER_NOT_FOUND', 'not a provider id');
      const { location, flow } = await this.oidc.start(providerId, req.query.returnTo, originOf(req));
      res.cookie(FLOW_COOKIE, flow, { httpOnly: true, secure: req.secure, sameSite: 'lax', path: COOKIE_PATH, maxAge: FLOW_SECONDS * 1000 });
      res.redirect(302, location);
    } catch (e) {
      this.refuse(res, e);
    }
  }

  @Get('oidc/:providerId/callback')
  @Public()
  @ApiOperation({
    summary: "The provider's answer (the redirect URI to register at the provider)",
    description: 'A navigation: 302 to `/logga-in/oidc#code=<one-time code>` (with a cookie the code needs), or to `/logga-in?oidcError=<code>`.',
  })
  @ApiParam({ name: 'providerId', schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'code', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'state', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'iss', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'error', required: false, schema: { type: 'string' } })
  @ApiFoundResponse({ description: 'to the web client, with a one-time code or an error code' })
  async callback(@Param('providerId') providerId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    // The flow cookie is spent whatever happens: a refresh of the callback must not try the same code again.
    res.clearCookie(FLOW_COOKIE, { path: COOKIE_PATH });
    try {
      this.limit(req);
      if (!UUID.test(providerId)) throw new OidcFailure('PROVIDER_NOT_FOUND', 'not a provider id');
      const query = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');
      const { location, binder } = await this.oidc.callback(providerId, query, cookie(req, FLOW_COOKIE), contextOf(req));
      res.cookie(HANDOFF_COOKIE, binder, { httpOnly: true, secure: req.secure, sameSite: 'lax', path: COOKIE_PATH, maxAge: HANDOFF_SECONDS * 1000 });
      res.redirect(302, location);
    } catch (e) {
      this.refuse(res, e);
    }
  }

  @Post('oidc/exchange')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange the one-time code of a finished sign-in for a login (once, within a minute, from the browser that signed in)',
    description: 'Answers as POST /api/auth/login does (and sets the same cookie), with `returnTo`: where the sign-in began.',
  })
  @ApiOkResponse({ type: OidcExchangeDoc })
  @ApiUnauthorizedResponse({ description: 'OIDC_CODE_INVALID: unknown, used, expired, or from another browser' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts from this address; see Retry-After' })
  async exchange(@Body() dto: ExchangeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const result = await this.oidc.exchange(dto.code, cookie(req, HANDOFF_COOKIE), contextOf(req));
    res.clearCookie(HANDOFF_COOKIE, { path: COOKIE_PATH });
    setTokenCookie(req, res, result);
    return result;
  }

  /** Over the limit, the person lands on the login page, which says to wait (a redirect: this is a navigation). */
  private limit(req: Request): void {
    const wait = this.perAddress.hit(req.ip);
    if (wait) throw new OidcFailure('TOO_MANY_ATTEMPTS', `too many sign-ins from this address; wait ${wait} s`);
  }

  /** To the login page, which explains the code; an unexpected error is logged and shown as SIGN_IN_FAILED, not a 500. */
  private refuse(res: Response, e: unknown): void {
    const code = e instanceof OidcFailure ? e.code : 'SIGN_IN_FAILED';
    if (!(e instanceof OidcFailure)) this.log.error(`sign-in failed unexpectedly: ${(e as Error)?.stack ?? String(e)}`);
    res.redirect(302, `/logga-in?oidcError=${code}`);
  }
}
