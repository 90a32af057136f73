import { Badge, type BadgeProps } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { InvoiceStatus } from '../api/invoicing';
import type { Invoice } from '../api/types';

type Kind = Invoice['kind'];
type Status = InvoiceStatus;

const colors: Record<Status, BadgeProps['color']> = {
  paid: 'success',
  open: 'warning',
  void: 'subtle',
  refunded: 'informative',
  uncollectible: 'danger',
  overdue: 'danger',
};

/** An invoice's kind and status in the UI language. */
export function useInvoiceText() {
  const { t } = useTranslation();
  return {
    kind: (kind: Kind) => t(`bills.kinds.${kind}`),
    status: (status: Status) =>
      status === 'overdue' ? t('invoicing.overdue') : t(`bills.statuses.${status}`),
  };
}

export function InvoiceStatusBadge({ status }: { status: Status }) {
  const text = useInvoiceText();
  return (
    <Badge appearance="tint" shape="rounded" color={colors[status]}>
      {text.status(status)}
    </Badge>
  );
}
