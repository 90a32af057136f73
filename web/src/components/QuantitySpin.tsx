import { Field, SpinButton, type SpinButtonOnChangeData } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

/**
 * A whole-number box with up/down arrows (Fluent SpinButton). `value` is the text as typed, so
 * the parent can tell an empty or invalid box from a number.
 */
export function QuantitySpin({
  label,
  value,
  onChange,
  min,
  max,
  hint,
  validationMessage,
  required = true,
  onDraft,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  min?: number;
  max?: number;
  hint?: string;
  validationMessage?: string;
  required?: boolean;
  /** The text while it is being typed, before the box commits it (on blur, Enter or an arrow). */
  onDraft?: (text: string) => void;
}) {
  const { t } = useTranslation();
  const numeric = Number(value);
  return (
    <Field
      label={label}
      required={required}
      hint={hint}
      validationMessage={validationMessage}
      validationState={validationMessage ? 'error' : 'none'}
    >
      <SpinButton
        value={value === '' || !Number.isFinite(numeric) ? null : numeric}
        displayValue={value}
        min={min}
        max={max}
        // Fluent names its arrows in English ("Increment value"): name them in the UI language.
        incrementButton={{ 'aria-label': t('web.increment', { label }) }}
        decrementButton={{ 'aria-label': t('web.decrement', { label }) }}
        input={onDraft ? { onInput: (event) => onDraft(event.currentTarget.value.trim()) } : undefined}
        onChange={(_, data: SpinButtonOnChangeData) => {
          if (data.value !== undefined && data.value !== null) onChange(String(data.value));
          else onChange((data.displayValue ?? '').trim());
        }}
      />
    </Field>
  );
}

/** The number in a quantity box, or undefined when it is not a whole number within bounds. */
export function parseQuantity(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}
