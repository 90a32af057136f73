import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useInstance } from '../api/queries';

/** Shown on every page while the published demo sign-in still opens this instance. */
export function DemoBanner() {
  const { t } = useTranslation();
  const instance = useInstance();
  const demo = instance.data?.demoSignIn;
  if (!demo) return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="demo-banner">
      <MessageBarBody>
        <MessageBarTitle>{t('security.demoBannerTitle')}</MessageBarTitle>
        {t('security.demoBannerText', { email: demo.email })}
      </MessageBarBody>
    </MessageBar>
  );
}
