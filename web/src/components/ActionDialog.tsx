import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from './Feedback';

const useStyles = makeStyles({
  stacked: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

interface DialogFrame {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens the dialog. */
  trigger: ReactElement;
  title: ReactNode;
  children: ReactNode;
  /** Shown under the content when set. */
  error?: unknown;
  /** Lays the content out as a column with space between its parts. */
  stacked?: boolean;
  /** The label of the button that closes the dialog (default: Cancel). */
  cancelLabel?: ReactNode;
}

function Frame({ frame, action, form }: { frame: DialogFrame; action: ReactNode; form?: () => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const body = (
    <DialogBody>
      <DialogTitle>{frame.title}</DialogTitle>
      <DialogContent className={frame.stacked ? styles.stacked : undefined}>
        {frame.children}
        {frame.error ? <ErrorBar error={frame.error} /> : null}
      </DialogContent>
      <DialogActions>
        <DialogTrigger disableButtonEnhancement>
          <Button>{frame.cancelLabel ?? t('app.cancel')}</Button>
        </DialogTrigger>
        {action}
      </DialogActions>
    </DialogBody>
  );
  return (
    <Dialog open={frame.open} onOpenChange={(_, d) => frame.onOpenChange(d.open)}>
      <DialogTrigger disableButtonEnhancement>{frame.trigger}</DialogTrigger>
      <DialogSurface>
        {form ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              form();
            }}
          >
            {body}
          </form>
        ) : (
          body
        )}
      </DialogSurface>
    </Dialog>
  );
}

/** A dialog that asks to confirm one action: Cancel, and the action's button (left out when no label). */
export function ConfirmDialog({
  confirmLabel,
  onConfirm,
  pending,
  ...frame
}: DialogFrame & { confirmLabel?: ReactNode; onConfirm: () => void; pending: boolean }) {
  return (
    <Frame
      frame={frame}
      action={
        confirmLabel !== undefined && (
          <Button appearance="primary" onClick={onConfirm} disabled={pending}>
            {confirmLabel}
          </Button>
        )
      }
    />
  );
}

/** A dialog holding a form: Cancel, and a submit button. */
export function FormDialog({
  submitLabel,
  onSubmit,
  submitDisabled,
  ...frame
}: DialogFrame & { submitLabel: ReactNode; onSubmit: () => void; submitDisabled: boolean }) {
  return (
    <Frame
      frame={frame}
      form={onSubmit}
      action={
        <Button appearance="primary" type="submit" disabled={submitDisabled}>
          {submitLabel}
        </Button>
      }
    />
  );
}
