import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useBillingProfile, useSaveBillingProfile, type BillingProfile } from '../api/invoicing';
import { problemAt as problemFor } from '../api/problems';
import { ErrorBar, Loading } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '560px' },
  row: { display: 'grid', gridTemplateColumns: '1fr 2fr', gap: tokens.spacingHorizontalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

interface Draft {
  legalName: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  country: string;
  taxId: string;
  billingEmail: string;
}

function draftOf(p: BillingProfile): Draft {
  return {
    legalName: p.legalName,
    line1: p.addressLines[0] ?? '',
    line2: p.addressLines[1] ?? '',
    postalCode: p.postalCode,
    city: p.city,
    country: p.country,
    taxId: p.taxId ?? '',
    billingEmail: p.billingEmail ?? '',
  };
}

/** Billing › Billing profile: who the bills are addressed to (printed on every PDF). */
export default function BillingProfilePage() {
  const { t } = useTranslation();
  const profile = useBillingProfile();
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const crumbs = [{ label: t('nav.billing') }];
  if (profile.isPending) return <Loading />;
  if (profile.error || !profile.data)
    return (
      <>
        <PageHeader title={t('invoicing.profileTitle')} crumbs={crumbs} />
        <ErrorBar error={profile.error} onRetry={() => void profile.refetch()} />
      </>
    );
  // Keyed by version: a save or a reload after a conflict starts the form from what is stored.
  return (
    <ProfileForm
      key={profile.data.version}
      profile={profile.data}
      saved={savedVersion === profile.data.version}
      onSaved={setSavedVersion}
      reload={() => void profile.refetch()}
    />
  );
}

function ProfileForm({
  profile,
  saved,
  onSaved,
  reload,
}: {
  profile: BillingProfile;
  saved: boolean;
  onSaved: (version: number) => void;
  reload: () => void;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const save = useSaveBillingProfile();
  const [draft, setDraft] = useState<Draft>(() => draftOf(profile));
  const [edited, setEdited] = useState(false);
  const set = (field: keyof Draft) => (_: unknown, d: { value: string }) => {
    setEdited(true);
    setDraft((prev) => ({ ...prev, [field]: field === 'country' ? d.value.toUpperCase() : d.value }));
  };
  // Beside each field, the server's message about it (`errors[].path`, any problem code).
  const problemAt = (field: string): string | undefined => problemFor(save.error, field);

  const fields = ['legalName', 'addressLines', 'postalCode', 'city', 'country', 'taxId', 'billingEmail'];
  const fieldNamed = fields.some((f) => problemAt(f) !== undefined);
  const conflict = save.error instanceof ApiError && save.error.code === 'precondition_failed';
  const submit = () => {
    save.mutate(
      {
        legalName: draft.legalName.trim(),
        addressLines: [draft.line1, draft.line2].map((l) => l.trim()).filter((l) => l !== ''),
        postalCode: draft.postalCode.trim(),
        city: draft.city.trim(),
        country: draft.country.trim(),
        taxId: draft.taxId.trim() || null,
        billingEmail: draft.billingEmail.trim() || null,
        version: profile.version,
      },
      {
        onSuccess: (p) => onSaved(p.version),
        onError: (e) => e instanceof ApiError && e.code === 'precondition_failed' && reload(),
      },
    );
  };
  return (
    <>
      <PageHeader
        title={t('invoicing.profileTitle')}
        crumbs={[{ label: t('nav.billing') }]}
        intro={t('invoicing.profileIntro')}
      />
      <Card>
        <form
          className={styles.form}
          // The API checks the fields and says which one is wrong, in the UI language.
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          {saved && !edited ? (
            <MessageBar intent="success">
              <MessageBarBody>{t('invoicing.saved')}</MessageBarBody>
            </MessageBar>
          ) : null}
          {conflict ? (
            <MessageBar intent="warning">
              <MessageBarBody>{t('invoicing.changedMeanwhile')}</MessageBarBody>
            </MessageBar>
          ) : null}
          <Field label={t('invoicing.legalName')} required validationMessage={problemAt('legalName')}>
            <Input value={draft.legalName} onChange={set('legalName')} maxLength={200} />
          </Field>
          <Field label={t('invoicing.addressLine1')} validationMessage={problemAt('addressLines')}>
            <Input value={draft.line1} onChange={set('line1')} maxLength={200} autoComplete="address-line1" />
          </Field>
          <Field label={t('invoicing.addressLine2')}>
            <Input value={draft.line2} onChange={set('line2')} maxLength={200} autoComplete="address-line2" />
          </Field>
          <div className={styles.row}>
            <Field label={t('invoicing.postalCode')} validationMessage={problemAt('postalCode')}>
              <Input
                value={draft.postalCode}
                onChange={set('postalCode')}
                maxLength={20}
                autoComplete="postal-code"
              />
            </Field>
            <Field label={t('invoicing.city')} validationMessage={problemAt('city')}>
              <Input
                value={draft.city}
                onChange={set('city')}
                maxLength={100}
                autoComplete="address-level2"
              />
            </Field>
          </div>
          <Field
            label={t('invoicing.country')}
            required
            hint={t('invoicing.countryHint')}
            validationMessage={problemAt('country')}
          >
            <Input value={draft.country} onChange={set('country')} maxLength={2} autoComplete="country" />
          </Field>
          <Field label={t('invoicing.taxId')} validationMessage={problemAt('taxId')}>
            <Input value={draft.taxId} onChange={set('taxId')} maxLength={50} />
          </Field>
          <Field label={t('invoicing.billingEmail')} validationMessage={problemAt('billingEmail')}>
            <Input
              type="email"
              value={draft.billingEmail}
              onChange={set('billingEmail')}
              maxLength={200}
              autoComplete="email"
            />
          </Field>
          {save.error && !conflict && !fieldNamed ? <ErrorBar error={save.error} /> : null}
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" disabled={save.isPending || !draft.legalName.trim()}>
              {t('invoicing.save')}
            </Button>
          </div>
        </form>
      </Card>
    </>
  );
}
