import type { ReactNode } from 'react';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The frame of the pages one sees before signing in (login, a provider's hand-off, a forgotten password). */
export function LoginShell({ children }: { children: ReactNode }) {
  return (
    <div className="login-page">
      <header className="login-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Lägesbild</span>
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" className="login-main">
        {children}
      </main>
    </div>
  );
}
