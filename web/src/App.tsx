import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Layout } from './components/Layout.js';
import { LoginPage } from './pages/LoginPage.js';
import { PasswordResetPage } from './pages/PasswordResetPage.js';
import { LivePage } from './pages/LivePage.js';
import { feed, wantsAllEvents } from './lib/feed.js';
import { useSession } from './lib/hooks.js';
import { startOutboxSync, syncOutbox } from './lib/outbox.js';

// Only the login and the live picture are in the first load; every other screen is its own chunk.
const NewReportPage = lazy(() => import('./pages/NewReportPage.js'));
const ReportPage = lazy(() => import('./pages/ReportPage.js'));
const SubscriptionsPage = lazy(() => import('./pages/SubscriptionsPage.js'));
const TriagePage = lazy(() => import('./pages/TriagePage.js'));
const EffortsPage = lazy(() => import('./pages/EffortsPage.js'));
const NewEffortPage = lazy(() => import('./pages/NewEffortPage.js'));
const EffortPage = lazy(() => import('./pages/EffortPage.js'));
const MeetingsPage = lazy(() => import('./pages/MeetingsPage.js'));
const MeetingPage = lazy(() => import('./pages/MeetingPage.js'));
const ConcernTalksPage = lazy(() => import('./pages/ConcernTalksPage.js'));
const AdminPage = lazy(() => import('./pages/AdminPage.js'));
const WeeklyPicturePage = lazy(() => import('./pages/WeeklyPicturePage.js'));
const PeriodAnalysisPage = lazy(() => import('./pages/PeriodAnalysisPage.js'));
const SnapshotsPage = lazy(() => import('./pages/SnapshotsPage.js'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.js'));
const OidcLandingPage = lazy(() => import('./pages/OidcLandingPage.js'));
const AccountPage = lazy(() => import('./pages/AccountPage.js'));
// Citizen promises, their documents, and the documents' public pages (no login, no app menu).
const PromisesPage = lazy(() => import('./pages/PromisesPage.js'));
const PromisePage = lazy(() => import('./pages/PromisePage.js'));
const PromiseFormPage = lazy(() => import('./pages/PromiseFormPage.js'));
const DocumentPage = lazy(() => import('./pages/DocumentPage.js'));
const PublicDocumentPage = lazy(() => import('./pages/PublicDocumentPage.js'));
// The admin screens (Förvaltning): areas and places on the map, categories, the audit log.
const ManagePage = lazy(() => import('./pages/ManagePage.js'));
const ManageAreasPage = lazy(() => import('./pages/ManageAreasPage.js'));
const ManageCategoriesPage = lazy(() => import('./pages/ManageCategoriesPage.js'));
const AuditPage = lazy(() => import('./pages/AuditPage.js'));
const ManageIdentityProvidersPage = lazy(() => import('./pages/ManageIdentityProvidersPage.js'));

function RequireLogin({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/logga-in" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function App() {
  const session = useSession();

  // One live-feed connection and one outbox sender per logged-in tab.
  useEffect(() => {
    if (!session) {
      feed.stop();
      return;
    }
    feed.setAll(wantsAllEvents(session.user));
    feed.start(session);
    startOutboxSync();
    void syncOutbox().catch(() => undefined);
  }, [session?.accessToken]);

  return (
    <Routes>
      <Route path="/logga-in" element={<LoginPage />} />
      <Route path="/aterstall-losenord" element={<PasswordResetPage />} />
      <Route path="/logga-in/oidc" element={<Suspense fallback={<Loading />}><OidcLandingPage /></Suspense>} />
      <Route path="/uppfoljning/:id" element={<Suspense fallback={<Loading />}><PublicDocumentPage kind="follow-ups" /></Suspense>} />
      <Route path="/atgardsplan/:id" element={<Suspense fallback={<Loading />}><PublicDocumentPage kind="action-plans" /></Suspense>} />
      <Route
        element={
          <RequireLogin>
            <Layout />
          </RequireLogin>
        }
      >
        <Route index element={<Navigate to="/lagesbild" replace />} />
        <Route path="/lagesbild" element={<LivePage />} />
        <Route path="/lagesbild/vecka" element={<Suspense fallback={<Loading />}><WeeklyPicturePage /></Suspense>} />
        <Route path="/lagesbild/period" element={<Suspense fallback={<Loading />}><PeriodAnalysisPage /></Suspense>} />
        <Route path="/lagesbild/snapshots" element={<Suspense fallback={<Loading />}><SnapshotsPage /></Suspense>} />
        <Route path="/rapportera" element={<Suspense fallback={<Loading />}><NewReportPage /></Suspense>} />
        <Route path="/rapporter/:id" element={<Suspense fallback={<Loading />}><ReportPage /></Suspense>} />
        <Route path="/bevakningar" element={<Suspense fallback={<Loading />}><SubscriptionsPage /></Suspense>} />
        <Route path="/triagering" element={<Suspense fallback={<Loading />}><TriagePage /></Suspense>} />
        <Route path="/insatser" element={<Suspense fallback={<Loading />}><EffortsPage /></Suspense>} />
        <Route path="/insatser/ny" element={<Suspense fallback={<Loading />}><NewEffortPage /></Suspense>} />
        <Route path="/insatser/:id" element={<Suspense fallback={<Loading />}><EffortPage /></Suspense>} />
        <Route path="/moten" element={<Suspense fallback={<Loading />}><MeetingsPage /></Suspense>} />
        <Route path="/moten/:id" element={<Suspense fallback={<Loading />}><MeetingPage /></Suspense>} />
        <Route path="/orossamtal" element={<Suspense fallback={<Loading />}><ConcernTalksPage /></Suspense>} />
        <Route path="/admin" element={<Suspense fallback={<Loading />}><AdminPage /></Suspense>} />
        <Route path="/mitt-konto" element={<Suspense fallback={<Loading />}><AccountPage /></Suspense>} />
        <Route path="/loften" element={<Suspense fallback={<Loading />}><PromisesPage /></Suspense>} />
        <Route path="/loften/nytt" element={<Suspense fallback={<Loading />}><PromiseFormPage /></Suspense>} />
        <Route path="/loften/uppfoljningar/:id" element={<Suspense fallback={<Loading />}><DocumentPage kind="follow-ups" /></Suspense>} />
        <Route path="/loften/atgardsplaner/:id" element={<Suspense fallback={<Loading />}><DocumentPage kind="action-plans" /></Suspense>} />
        <Route path="/loften/:id" element={<Suspense fallback={<Loading />}><PromisePage /></Suspense>} />
        <Route path="/loften/:id/andra" element={<Suspense fallback={<Loading />}><PromiseFormPage key="edit" /></Suspense>} />
        <Route path="/forvaltning" element={<Suspense fallback={<Loading />}><ManagePage /></Suspense>} />
        <Route path="/forvaltning/omraden" element={<Suspense fallback={<Loading />}><ManageAreasPage /></Suspense>} />
        <Route path="/forvaltning/kategorier" element={<Suspense fallback={<Loading />}><ManageCategoriesPage /></Suspense>} />
        <Route path="/forvaltning/loggbok" element={<Suspense fallback={<Loading />}><AuditPage /></Suspense>} />
        <Route path="/forvaltning/inloggning" element={<Suspense fallback={<Loading />}><ManageIdentityProvidersPage /></Suspense>} />
        <Route path="*" element={<Suspense fallback={<Loading />}><NotFoundPage /></Suspense>} />
      </Route>
    </Routes>
  );
}
