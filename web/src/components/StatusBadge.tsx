import { Badge, type BadgeProps } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { SubscriptionStatus } from '../api/types';

const colors: Record<SubscriptionStatus | 'open' | 'resolved' | 'rejected', BadgeProps['color']> = {
  active: 'success',
  warning: 'warning',
  expired: 'danger',
  disabled: 'severe',
  deleted: 'subtle',
  cancelled: 'informative',
  open: 'brand',
  resolved: 'success',
  rejected: 'danger',
};

export function StatusBadge({ status }: { status: SubscriptionStatus | 'open' | 'resolved' | 'rejected' }) {
  const { t } = useTranslation();
  return (
    <Badge appearance="tint" color={colors[status]} shape="rounded">
      {t(`status.${status}`)}
    </Badge>
  );
}
