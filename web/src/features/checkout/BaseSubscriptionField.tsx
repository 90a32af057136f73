import { Dropdown, Field, Option, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useCheckoutStyles } from './styles';
import type { CheckoutOptions } from './useCheckoutOptions';

/**
 * The subscription a traditional add-on goes on. Named even when there is no choice (the only
 * base that qualifies, or the one whose Buy add-ons led here), so the admin sees where it goes.
 */
export function BaseSubscriptionField({
  options: o,
  problem,
  onPick,
}: {
  options: CheckoutOptions;
  problem: string | undefined;
  onPick: (id: string | undefined) => void;
}) {
  const styles = useCheckoutStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const describe = (b: CheckoutOptions['bases'][number]) =>
    b.coTerm
      ? t('buy.baseSubscriptionOption', {
          name: b.productName,
          quantity: b.quantity,
          date: format.date(b.coTerm.termEndsAt),
        })
      : b.productName;
  const fixed = !!o.named || o.eligibleCount === 1;
  return (
    <Field
      className={styles.narrow}
      label={t('buy.baseSubscription')}
      hint={t('buy.baseSubscriptionHint')}
      required={!fixed}
      validationMessage={problem}
      validationState={problem ? 'error' : 'none'}
    >
      {fixed ? (
        <Text data-testid="base-subscription">{o.base ? describe(o.base) : ''}</Text>
      ) : (
        <Dropdown
          placeholder={t('buy.baseSubscription')}
          selectedOptions={o.baseId ? [o.baseId] : []}
          value={o.baseName ?? ''}
          onOptionSelect={(_, data) => onPick(data.optionValue)}
        >
          {o.bases.map((b) => (
            <Option key={b.id} value={b.id} text={b.productName} disabled={!b.eligible}>
              {b.eligible ? describe(b) : t('collection.baseHasIt', { option: describe(b) })}
            </Option>
          ))}
        </Dropdown>
      )}
    </Field>
  );
}
