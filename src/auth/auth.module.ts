import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { LOGIN_THROTTLERS, loginAccountTracker, LoginThrottlerGuard } from './login-throttler.guard.js';

@Global()
@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, not a string: jsonwebtoken otherwise tries to parse the secret as a PEM public key on every
      // verify (createPublicKey throws and is caught), which cost a fifth of the server's CPU per request.
      useFactory: (c: ResolvedConfig) => ({
        secret: createSecretKey(Buffer.from(c.jwtSecret)),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    // Only the login route uses these (through LoginThrottlerGuard); other routes are not throttled here.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: ResolvedConfig) => ({
        throttlers: [
          { name: LOGIN_THROTTLERS.account, ttl: c.loginThrottle.ttlSeconds * 1000, limit: c.loginThrottle.limit, getTracker: loginAccountTracker },
          { name: LOGIN_THROTTLERS.address, ttl: c.loginThrottle.ttlSeconds * 1000, limit: c.loginThrottle.limit * 3, getTracker: (req) => req.ip ?? '' },
        ],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottlerGuard, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
