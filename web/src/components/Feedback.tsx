import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** A failed request, in the words of the server (problem+json detail and hint, translated). */
export function ErrorBar({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  const detail =
    error instanceof ApiError ? error.detail : error instanceof Error ? error.message : t('app.unexpected');
  const hint = error instanceof ApiError ? error.hint : undefined;
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        {title && <MessageBarTitle>{title}</MessageBarTitle>}
        {detail}
        {hint && <div>{hint}</div>}
      </MessageBarBody>
      {/* A 4xx (not found, refused) says the same thing again: only offer a retry when it may help. */}
      {onRetry && !(error instanceof ApiError && error.status < 500) && (
        <Button size="small" onClick={onRetry}>
          {t('app.retry')}
        </Button>
      )}
    </MessageBar>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Spinner
      size="small"
      label={label ?? t('app.loading')}
      style={{ justifyContent: 'flex-start', padding: 16 }}
    />
  );
}

/** Renders a query's loading and error states, then its data. */
export function QueryState<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => React.ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error || query.data === undefined)
    return <ErrorBar error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
