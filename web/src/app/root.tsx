import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router-dom';
import { setClientHooks } from '../api/client';
import { markMfaEnrolmentRequired, markPasswordChangeRequired, storeSession } from '../auth/session';
import { registerMessageApi } from '../lib/notify';
import { createQueryClient } from '../lib/query-client';
import { router } from './router';
import { theme } from './theme';

/** Connects the API client and the toast API to the React world once. */
function Bridges() {
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  useEffect(() => {
    registerMessageApi(message);
    setClientHooks({
      onUnauthenticated: () => storeSession(queryClient, null),
      onPasswordChangeRequired: () => markPasswordChangeRequired(queryClient),
      onMfaEnrolmentRequired: () => markMfaEnrolmentRequired(queryClient),
    });
    return () => registerMessageApi(null);
  }, [message, queryClient]);
  return null;
}

const reducedMotionQuery = window.matchMedia('(prefers-reduced-motion: reduce)');

/** Follows the system's "reduce motion" setting: antd then skips its zoom and slide animations. */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      reducedMotionQuery.addEventListener('change', onChange);
      return () => reducedMotionQuery.removeEventListener('change', onChange);
    },
    () => reducedMotionQuery.matches,
  );
}

export function Root() {
  const { i18n } = useTranslation();
  const [queryClient] = useState(createQueryClient);
  const reduceMotion = usePrefersReducedMotion();
  const themeConfig = useMemo(() => (reduceMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme), [reduceMotion]);
  return (
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} theme={themeConfig} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <Bridges />
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
