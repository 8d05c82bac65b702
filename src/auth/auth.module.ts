import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { FixedWindowStorage } from './fixed-window-storage.js';
import { AuthService } from './auth.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
// ---- password reset by e-mail ----
import { MailModule } from '../mail/mail.module.js';
import { PasswordResetController } from './password-reset.controller.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PasswordResetService } from './password-reset.service.js';
import { loginAccountTracker, RateLimitGuard, skipUnlessLogin, skipUnlessWrite, THROTTLERS, writerKey, writerTracker } from './rate-limit.guard.js';

@Global()
@Module({
  imports: [
    UsersModule,
    MailModule,
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
    // Applied by RateLimitGuard (global, after authentication): logins, and writes per user (one budget for all routes).
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: ResolvedConfig) => ({
        storage: new FixedWindowStorage(),
        throttlers: [
          { name: THROTTLERS.loginAccount, ttl: c.loginThrottle.ttlSeconds * 1000, limit: c.loginThrottle.limit, getTracker: loginAccountTracker, skipIf: skipUnlessLogin },
          { name: THROTTLERS.loginAddress, ttl: c.loginThrottle.ttlSeconds * 1000, limit: c.loginThrottle.limit * 3, getTracker: (req) => req.ip ?? '', skipIf: skipUnlessLogin },
          { name: THROTTLERS.writes, ttl: c.writeThrottle.ttlSeconds * 1000, limit: c.writeThrottle.limit, getTracker: writerTracker, generateKey: writerKey, skipIf: skipUnlessWrite },
        ],
      }),
    }),
  ],
  controllers: [AuthController, PasswordResetController],
  providers: [AuthService, { provide: APP_GUARD, useClass: JwtAuthGuard }, { provide: APP_GUARD, useClass: RateLimitGuard }, PasswordResetService, PasswordResetRepository],
  exports: [AuthService],
})
export class AuthModule {}
