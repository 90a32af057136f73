import { Badge, type BadgeProps } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const kinds = ['order', 'quantity_change', 'renewal', 'period', 'credit'] as const;
const statuses = ['paid', 'open', 'void', 'refunded', 'uncollectible'] as const;
type Kind = (typeof kinds)[number];
type Status = (typeof statuses)[number];

const colors: Record<Status, BadgeProps['color']> = {
  paid: 'success',
  open: 'warning',
  void: 'subtle',
  refunded: 'informative',
  uncollectible: 'danger',
};

/** An invoice's kind and status in the UI language (the API sends them as plain strings). */
export function useInvoiceText() {
  const { t } = useTranslation();
  return {
    kind: (kind: string) =>
      (kinds as readonly string[]).includes(kind) ? t(`bills.kinds.${kind as Kind}`) : kind,
    status: (status: string) =>
      (statuses as readonly string[]).includes(status) ? t(`bills.statuses.${status as Status}`) : status,
  };
}

export function InvoiceStatusBadge({ status }: { status: string }) {
  const text = useInvoiceText();
  return (
    <Badge appearance="tint" shape="rounded" color={colors[status as Status] ?? 'informative'}>
      {text.status(status)}
    </Badge>
  );
}
