import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { useMe } from '../api/queries';
import { useFormat } from '../lib/format';

/**
 * Shown to a Global admin while the operator has put the organization on a test clock
 * (docs/test-clocks.md): every date in the admin center is then the clock's, not today's.
 */
export function TestClockBanner() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const globalAdmin = me.data?.user.role === 'global_admin';
  const clocks = useQuery({
    queryKey: ['test-clocks'],
    queryFn: () => call(api.GET('/api/test-clocks')),
    enabled: globalAdmin,
  });
  const clock = clocks.data?.testClocks[0];
  if (!globalAdmin || !clock) return null;
  return (
    <MessageBar intent="info" layout="multiline" data-testid="test-clock-banner">
      <MessageBarBody>
        <MessageBarTitle>{t('testClocks.bannerTitle')}</MessageBarTitle>
        {t('testClocks.bannerText', { time: format.dateTime(clock.frozenTime) })}
      </MessageBarBody>
    </MessageBar>
  );
}
