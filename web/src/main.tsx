import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { I18nextProvider } from 'react-i18next';
import { i18n } from './lib/i18n.js';
import { App } from './App.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </I18nextProvider>
  </StrictMode>,
);

// After a new deployment the old build's lazy chunks are gone from the server: load the new build instead.
window.addEventListener('vite:preloadError', (event) => {
  if (navigator.onLine !== false) {
    event.preventDefault();
    window.location.reload();
  }
});

// The service worker keeps the app shell loadable without a connection (see web/sw.template.js).
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
