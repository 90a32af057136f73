import { Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../components/AppLink';
import { PageHeader } from '../components/PageHeader';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('app.notFound')} />
      <Text as="p">
        <AppLink to="/">{t('app.goHome')}</AppLink>
      </Text>
    </>
  );
}
