import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from '../components/Feedback';
import { Shell } from './Shell';

// Every page is its own chunk: the first route loads only the frame and the page it shows.
const SignInPage = lazy(() => import('../routes/SignInPage'));
const HomePage = lazy(() => import('../routes/HomePage'));
const PurchaseServicesPage = lazy(() => import('../routes/PurchaseServicesPage'));
const BuyPage = lazy(() => import('../features/checkout/CheckoutPage'));
const SubscriptionsPage = lazy(() => import('../routes/SubscriptionsPage'));
const SubscriptionPage = lazy(() => import('../routes/SubscriptionPage'));
const BuyAddonsPage = lazy(() => import('../routes/BuyAddonsPage'));
const LicensesPage = lazy(() => import('../routes/LicensesPage'));
const UsersPage = lazy(() => import('../features/users/UsersPage'));
const BillsPage = lazy(() => import('../routes/BillsPage'));
const BillPage = lazy(() => import('../routes/BillPage'));
const PaymentMethodsPage = lazy(() => import('../routes/PaymentMethodsPage'));
const BillingProfilePage = lazy(() => import('../routes/BillingProfilePage'));
const SupportRequestPage = lazy(() => import('../routes/SupportRequestPage'));
const AvailableAddonsPage = lazy(() => import('../routes/AvailableAddonsPage'));
const SupportRequestsPage = lazy(() => import('../routes/SupportRequestsPage'));
const NotificationSettingsPage = lazy(() => import('../routes/NotificationSettingsPage'));
const ReportsPage = lazy(() => import('../features/reports/ReportsPage'));
const NotFoundPage = lazy(() => import('../routes/NotFoundPage'));
const AccountSecurityPage = lazy(() => import('../routes/AccountSecurityPage'));
// The operator area: signed in with the operator token, outside the tenants' frame.
const OperatorShell = lazy(() => import('../features/operator/OperatorShell'));
const OperatorTestClocksPage = lazy(() => import('../features/operator/TestClocksPage'));

/** Declarative routes: the data-router machinery (loaders, actions) is not needed and weighs. */
export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/signin"
        element={
          <Suspense fallback={<Loading />}>
            <SignInPage />
          </Suspense>
        }
      />
      <Route
        path="/operator"
        element={
          <Suspense fallback={<Loading />}>
            <OperatorShell />
          </Suspense>
        }
      >
        <Route index element={<Navigate to="test-clocks" replace />} />
        <Route path="test-clocks" element={<OperatorTestClocksPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route element={<Shell />}>
        <Route index element={<HomePage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="billing/purchase-services" element={<PurchaseServicesPage />} />
        <Route path="billing/buy/:productId" element={<BuyPage />} />
        {/* "Your products" (worldwide) and "Subscriptions" (germany, 21vianet): one page, two names. */}
        <Route path="billing/products" element={<SubscriptionsPage />} />
        <Route path="billing/products/:id" element={<SubscriptionPage />} />
        <Route path="billing/products/:id/buy-add-ons" element={<BuyAddonsPage />} />
        <Route path="billing/subscriptions" element={<SubscriptionsPage />} />
        <Route path="billing/subscriptions/:id" element={<SubscriptionPage />} />
        <Route path="billing/subscriptions/:id/buy-add-ons" element={<BuyAddonsPage />} />
        <Route path="billing/licenses" element={<LicensesPage />} />
        <Route path="billing/bills" element={<BillsPage />} />
        <Route path="billing/bills/:id" element={<BillPage />} />
        <Route path="billing/payment-methods" element={<PaymentMethodsPage />} />
        <Route path="billing/profile" element={<BillingProfilePage />} />
        <Route path="billing/available-add-ons" element={<AvailableAddonsPage />} />
        <Route path="billing/reports" element={<ReportsPage />} />
        <Route path="support/requests" element={<SupportRequestsPage />} />
        <Route path="support/requests/:id" element={<SupportRequestPage />} />
        <Route path="settings/notifications" element={<NotificationSettingsPage />} />
        <Route path="account/security" element={<AccountSecurityPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
